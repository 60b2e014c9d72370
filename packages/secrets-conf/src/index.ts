export { AtomicFile, type PreparedFile, prepareFileAtomic, writeFileAtomic } from './atomic-write.js';
export { Fernet } from './fernet.js';
export { validateFernetKey } from './fernet-key.js';
export { IniFile } from './ini-file.js';
export { type ResolveOptions, resolveSecretValue, SECF_PREFIX, STDIN_URL } from './resolve-secret.js';
export { SecretsConf } from './secrets-conf.js';
export { activeSsoKeyName, key1Of, SECRET_KEYS_SECTION, type SsoKeyName, ssoKeyOf } from './sso-key.js';
export { checkWellKnownData, keyBelongsToServer, makeWellKnownData, WELL_KNOWN_DATA } from './well-known.js';
export { isZatoSecretUrl, resolveZatoSecret, ZATO_SECRET_URL_PREFIX } from './zato-secret.js';
