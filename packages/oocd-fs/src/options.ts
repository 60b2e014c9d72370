import { resolve } from 'node:path';
import { configBoolean, configNumber, configString, type OocdConfig } from '@authstate/oocd-core';
import type { WarnFn } from './warnings.js';

/** Default data directory, relative to the working directory. */
export const DEFAULT_DIR = './data/oocd';

/** Options of the file-system backend (config names as in nevisAuth's FileSystemOOCDService). */
export interface FsOocdOptions {
  /** The data directory, created (mode 0700) if missing. Default `./data/oocd`. */
  dir?: string;
  /** Seconds between reaper runs; 0 disables the timer (`reap()` still works). Default 60. */
  reaperInterval?: number;
  /**
   * true (default): the reaper deletes expired entries in short batches under the global lock.
   * false: it holds only the lock of the entry it deletes, so writers of other entries, in any
   * process, are never held up by it.
   */
  lockGloballyWhenReaping?: boolean;
  /** Where warnings go (unparseable files). Default `process.emitWarning`. */
  warn?: WarnFn;
}

/** The options with defaults applied and `dir` made absolute. */
export type ResolvedFsOocdOptions = Required<Omit<FsOocdOptions, 'warn'>> & Pick<FsOocdOptions, 'warn'>;

/** Applies defaults. */
export function resolveFsOptions(options: FsOocdOptions = {}): ResolvedFsOocdOptions {
  return {
    dir: resolve(options.dir ?? DEFAULT_DIR),
    reaperInterval: options.reaperInterval ?? 60,
    lockGloballyWhenReaping: options.lockGloballyWhenReaping ?? true,
    warn: options.warn,
  };
}

/** Reads the options from an `openOocd` config (strings from properties files are parsed). */
export function fsOptionsFromConfig(config: OocdConfig): FsOocdOptions {
  return {
    dir: configString(config, 'dir', DEFAULT_DIR),
    reaperInterval: configNumber(config, 'reaperInterval', 60),
    lockGloballyWhenReaping: configBoolean(config, 'lockGloballyWhenReaping', true),
  };
}
