/** One stored entry, as every backend returns it. */
export interface OocdEntry {
  /** The full key, e.g. `/saml/msgid/abc`. */
  key: string;
  /** The value (UTF-8 text). */
  value: string;
  /** The absolute instant after which the entry is invisible. */
  expiresAt: Date;
  /** Free key/value metadata stored with the entry. */
  metadata: Readonly<Record<string, string>>;
}

/** When an entry expires: an absolute instant or a time to live from now. */
export type Expiry = { expiresAt: Date } | { ttlMs: number };

/** Options of `set` and `create`. */
export type SetOptions = Expiry & { metadata?: Record<string, string> };

/** Options of `list`. */
export interface ListOptions {
  /** Return the whole subtree instead of the direct entries only. */
  recursive?: boolean;
}

/** Options of `remove`. */
export interface RemoveOptions {
  /** Remove the entry and everything under it. */
  recursive?: boolean;
}

/**
 * The out-of-context data service: what users program against.
 *
 * @example
 * ```ts
 * const oocd = await openOocd({ class: 'memory' });
 * if (await oocd.create('/saml/msgid/123', 'seen', { ttlMs: 60_000 })) { ...first time... }
 * await oocd.close();
 * ```
 */
export interface OutOfContextDataService {
  /** The entry, or `undefined` when absent or expired. */
  get(key: string): Promise<OocdEntry | undefined>;
  /** Stores (inserts or replaces) an entry. */
  set(key: string, value: string, opts: SetOptions): Promise<void>;
  /** Atomically creates the entry if absent (an expired entry counts as absent); true if created. */
  create(key: string, value: string, opts: SetOptions): Promise<boolean>;
  /** Atomically reads and removes the entry: two callers never both get it. */
  take(key: string): Promise<OocdEntry | undefined>;
  /** Removes the entry (and with `recursive`, everything under it); returns how many were removed. */
  remove(key: string, opts?: RemoveOptions): Promise<number>;
  /** Live entries directly under `branch` (or the whole subtree), sorted by key bytes. */
  list(branch: string, opts?: ListOptions): Promise<OocdEntry[]>;
  /** Names one level below `branch`, entries and sub-branches alike, like `ls`; sorted. */
  children(branch: string): Promise<string[]>;
  /** Deletes expired entries now; returns how many. */
  reap(now?: Date): Promise<number>;
  /** Stops the reaper and releases connections and locks. */
  close(): Promise<void>;
}
