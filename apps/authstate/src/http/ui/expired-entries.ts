import { normalizeClass, type OocdConfig, openOocd } from '@authstate/oocd-core';
import { CLI_BACKEND_FACTORIES } from '../../backends.js';

/** Entries that have expired but are still stored: the reaper has not deleted them yet. */
export interface ExpiredEntries {
  /** Stored entries in `branch`'s subtree whose expiry is at or before `now`. */
  count(branch: string, now: Date): Promise<number>;
  /** Releases the second connection to the storage. */
  close(): Promise<void>;
}

/** The earliest instant a Date can hold: every stored entry is "live" when judged from here. */
const BEFORE_EVERYTHING = new Date(-8_640_000_000_000_000);

/**
 * Opens a second view of the backend's storage whose clock stands at the earliest instant, so
 * that its listings return every stored entry, expired ones included: the service interface hides
 * expired entries by contract, but every driver judges expiry by the `now` it is given. `undefined`
 * for `memory` (a second in-memory store would be another, empty store) and `off`.
 *
 * @example
 * ```ts
 * const expired = await openExpiredEntries({ class: 'fs', dir: '/var/lib/oocd' });
 * await expired?.count('/saml', new Date()); // expired, not yet reaped
 * ```
 */
export async function openExpiredEntries(config: OocdConfig): Promise<ExpiredEntries | undefined> {
  const cls = normalizeClass(config.class);
  if (cls === 'memory' || cls === 'off') return undefined;
  const everything = await openOocd({ ...config, reaperInterval: 0 }, { backends: CLI_BACKEND_FACTORIES, now: () => BEFORE_EVERYTHING });
  return {
    count: async (branch, now) =>
      (await everything.list(branch, { recursive: true })).filter((e) => e.expiresAt.getTime() <= now.getTime()).length,
    close: () => everything.close(),
  };
}
