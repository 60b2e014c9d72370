export {
  configBoolean,
  configNumber,
  configString,
  loadOocdConfig,
  NEVIS_PREFIX,
  normalizeClass,
  type OocdConfig,
  parseOocdProperties,
  resolveConfigValues,
} from './config.js';
export { createDisabledService } from './disabled.js';
export type { OocdDriver, OocdDriverFactory } from './driver.js';
export { parseDuration } from './duration.js';
export {
  DEFAULT_MAX_VALUE_BYTES,
  isExpired,
  RESERVED_METADATA_NAMES,
  validateMetadata,
  validateMetadataName,
  validateValue,
} from './entry.js';
export { AuthstateError, type AuthstateErrorCode, describeCause, errorFactory, isAuthstateError, OocdError } from './errors.js';
export { checkExpiry, checkTtl, MAX_EXPIRY, MIN_EXPIRY, resolveExpiry } from './expiry.js';
export { parseInstant } from './instant.js';
export { branchPrefix, childKey, compareKeys, isBelow, keySegments, MAX_KEY_BYTES, normalizeBranch, ROOT, validateKey } from './keys.js';
export { BUILTIN_BACKENDS, loadBackendFactory } from './load-backend.js';
export { MemoryDriver } from './memory.js';
export { type OpenOptions, openOocd } from './open.js';
export { importOptionalPeer, type OptionalPeer } from './optional-peer.js';
export { parseProperties } from './properties.js';
export { type ReaperHandle, startReaper } from './reaper.js';
export { createOocdService, type ServiceOptions } from './service.js';
export type { Expiry, ListOptions, OocdEntry, OutOfContextDataService, RemoveOptions, SetOptions } from './types.js';
