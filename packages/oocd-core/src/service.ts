import type { OocdDriver } from './driver.js';
import { DEFAULT_MAX_VALUE_BYTES, validateMetadata, validateValue } from './entry.js';
import { AuthstateError, describeCause, errorFactory } from './errors.js';
import { resolveExpiry } from './expiry.js';
import { compareKeys, normalizeBranch, validateKey } from './keys.js';
import { type ReaperHandle, startReaper } from './reaper.js';
import type { ListOptions, OocdEntry, OutOfContextDataService, RemoveOptions, SetOptions } from './types.js';

const fail = errorFactory('oocd-core');

/** Options of {@link createOocdService}. */
export interface ServiceOptions {
  /** Seconds between reaper runs; 0 disables. Default: the driver's default, else 60. */
  reaperIntervalSec?: number;
  /** Largest value in UTF-8 bytes. Default 16 MiB. */
  maxValueBytes?: number;
  /** The clock (tests inject one). Default: `new Date()`. */
  now?: () => Date;
  /** Called when a background reaper run fails. Default: a warning on stderr. */
  onReaperError?: (error: unknown) => void;
  /** Called after each successful background reaper run with the entries it deleted and its duration in seconds. */
  onReaperRun?: (reaped: number, seconds: number) => void;
}

/**
 * Wraps a backend driver into the public service: validation once, in one place; sorting;
 * the reaper timer; `close()` idempotent; unexpected driver errors become `BACKEND` errors that
 * keep the original as `cause`.
 *
 * @example
 * ```ts
 * const oocd = createOocdService(new MemoryDriver(), { reaperIntervalSec: 0 });
 * ```
 */
export function createOocdService(driver: OocdDriver, options: ServiceOptions = {}): OutOfContextDataService {
  const now = options.now ?? (() => new Date());
  const maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
  let closed = false;
  let reaper: ReaperHandle | undefined;

  const run = async <T>(op: string, fn: () => Promise<T>): Promise<T> => {
    if (closed) throw fail('CLOSED', `The ${driver.name} service is closed; open a new one with openOocd().`);
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AuthstateError) throw e;
      throw new AuthstateError('oocd-core', 'BACKEND', `${driver.name} backend failed in ${op}: ${describeCause(e)}`, { cause: e });
    }
  };
  const makeEntry = (key: string, value: string, opts: SetOptions): OocdEntry => ({
    key: validateKey(key),
    value: validateValue(value, maxValueBytes),
    expiresAt: resolveExpiry(opts, now()),
    metadata: validateMetadata(opts?.metadata),
  });
  const sorted = (entries: OocdEntry[]) => entries.sort((a, b) => compareKeys(a.key, b.key));

  const service: OutOfContextDataService = {
    get: (key) => run('get', () => driver.get(validateKey(key), now())),
    set: (key, value, opts) => run('set', () => driver.set(makeEntry(key, value, opts))),
    create: (key, value, opts) => run('create', () => driver.create(makeEntry(key, value, opts), now())),
    take: (key) => run('take', () => driver.take(validateKey(key), now())),
    remove: (key, opts?: RemoveOptions) => run('remove', () => driver.remove(validateKey(key), opts?.recursive === true)),
    list: (branch, opts?: ListOptions) =>
      run('list', async () => sorted(await driver.list(normalizeBranch(branch), opts?.recursive === true, now()))),
    children: (branch) => run('children', async () => (await driver.children(normalizeBranch(branch), now())).sort(compareKeys)),
    reap: (at) => run('reap', () => driver.reap(at ?? now())),
    close: async () => {
      if (closed) return;
      closed = true;
      await reaper?.stop();
      await driver.close();
    },
  };

  const interval = options.reaperIntervalSec ?? driver.defaultReaperIntervalSec ?? 60;
  if (interval > 0) {
    reaper = startReaper(
      () => driver.reap(now()),
      interval * 1000,
      options.onReaperError ?? warnReaperError(driver.name),
      options.onReaperRun,
    );
  }
  return service;
}

function warnReaperError(name: string) {
  return (e: unknown) => process.emitWarning(`[authstate] [oocd-core] ${name} reaper run failed: ${describeCause(e)}`);
}
