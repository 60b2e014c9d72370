export { isBadIdentifier, Keys, segment } from './keys.js';
export { CONSUMABLE, GRANT_BOUND } from './models.js';
export { createOidcAdapter, type OidcAdapterOptions, OocdAdapter } from './oocd-adapter.js';
export type { AdapterPayload, OidcAdapter } from './payload.js';
