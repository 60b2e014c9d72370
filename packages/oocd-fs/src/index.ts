import type { OocdConfig, OocdDriverFactory } from '@authstate/oocd-core';
import { FsOocdDriver } from './driver.js';
import { fsOptionsFromConfig } from './options.js';

export { FsOocdDriver } from './driver.js';
export { type EntryHeader, FORMAT_VERSION, parseEntry, serializeEntry } from './entry-file.js';
export { decodeSegment, ENTRY_SUFFIX, encodeSegment, JOURNAL_FILE, LOCK_FILE, STAMPED_MARKER, TEMP_PREFIX } from './names.js';
export { DEFAULT_DIR, type FsOocdOptions, fsOptionsFromConfig, type ResolvedFsOocdOptions, resolveFsOptions } from './options.js';
export type { WarnFn } from './warnings.js';

/**
 * The factory `openOocd` loads for `class=fs` (or nevisAuth's `ch.nevis.esauth.ooc.FileSystemOOCDService`).
 * Reads `dir`, `reaperInterval` and `lockGloballyWhenReaping` from the config.
 *
 * @example
 * ```ts
 * import { openOocd } from '@authstate/oocd-core';
 * const oocd = await openOocd({ class: 'fs', dir: '/var/lib/authstate/oocd', reaperInterval: 60 });
 * ```
 */
export const createOocdDriver: OocdDriverFactory = (config: OocdConfig) => FsOocdDriver.open(fsOptionsFromConfig(config));
