import type { OocdEntry } from './types.js';

/**
 * The one interface a backend implements. The core's {@link createOocdService} wraps a driver
 * into an {@link OutOfContextDataService}: it validates and normalises every key, value, expiry
 * and metadata first, so a driver only ever sees clean input, and it sorts results, runs the
 * reaper timer and turns unexpected failures into `BACKEND` errors.
 *
 * Rules for implementers:
 * - `branch` is `/` (the root) or a valid key without trailing slash.
 * - `now` is the instant to judge expiry by; an entry with `expiresAt <= now` must be invisible
 *   to `get`, `take`, `list`, `children`, and count as absent for `create`.
 * - `create` and `take` must be atomic across every process sharing the storage.
 * - Results need not be sorted; the core sorts them.
 *
 * A third-party backend is a module exporting `createOocdDriver(config)` (see
 * {@link OocdDriverFactory}); name it in config as `class=<module or path>`.
 *
 * @example
 * ```ts
 * export const createOocdDriver: OocdDriverFactory = async (config) => new MyDriver(config.dir);
 * ```
 */
export interface OocdDriver {
  /** Short backend name for messages and metrics, e.g. `fs`, `sql:postgres`. */
  readonly name: string;
  get(key: string, now: Date): Promise<OocdEntry | undefined>;
  set(entry: OocdEntry): Promise<void>;
  create(entry: OocdEntry, now: Date): Promise<boolean>;
  take(key: string, now: Date): Promise<OocdEntry | undefined>;
  remove(key: string, recursive: boolean): Promise<number>;
  list(branch: string, recursive: boolean, now: Date): Promise<OocdEntry[]>;
  children(branch: string, now: Date): Promise<string[]>;
  reap(now: Date): Promise<number>;
  close(): Promise<void>;
  /** Default reaper interval in seconds for this backend when config does not say (0: none). */
  readonly defaultReaperIntervalSec?: number;
}

/** What a backend module exports as `createOocdDriver` (or as its default export). */
export type OocdDriverFactory = (config: import('./config.js').OocdConfig) => OocdDriver | Promise<OocdDriver>;
