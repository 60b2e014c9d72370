import { mkdir, realpath, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isExpired, type OocdDriver, type OocdEntry } from '@authstate/oocd-core';
import { readDirectory } from './directory.js';
import { serializeEntry } from './entry-file.js';
import { EntryReader } from './entry-reader.js';
import { fail } from './errors.js';
import { ChangeJournal } from './journal.js';
import { Layout } from './layout.js';
import { Listing } from './listing.js';
import { LOCK_FILE } from './names.js';
import { type FsOocdOptions, type ResolvedFsOocdOptions, resolveFsOptions } from './options.js';
import { reapTree } from './reaper.js';
import { acquireSharedLock, releaseSharedLock, type SharedLock, slotOf } from './shared-lock.js';
import { ensureStamped } from './stamp-upgrade.js';
import { code, PreparedFile, sweepTempFile, syncDir } from './temp-file.js';
import { emitWarning, OnceWarner } from './warnings.js';

const COMMIT_ATTEMPTS = 10;

/**
 * The file-system OOCD backend (nevisAuth's FileSystemOOCDService, made safe across processes and
 * crashes). One file per entry (`<name>.entry`: a properties header with expiry and metadata, then
 * the value), one directory per branch. Reads take no lock; writes take the global OFD lock of
 * `<dir>/.lock` (plus the entry's lock) only around the final check and rename.
 *
 * @example
 * ```ts
 * const driver = await FsOocdDriver.open({ dir: '/var/lib/authstate/oocd' });
 * const oocd = createOocdService(driver);
 * ```
 */
export class FsOocdDriver implements OocdDriver {
  readonly name = 'fs';
  /** The reaper interval from `reaperInterval` (seconds). */
  readonly defaultReaperIntervalSec: number;
  /** The resolved options. */
  readonly options: ResolvedFsOocdOptions;
  readonly #layout: Layout;
  readonly #reader: EntryReader;
  readonly #listing: Listing;
  readonly #journal: ChangeJournal;
  readonly #lock: SharedLock;
  readonly #realDir: string;
  readonly #background: Promise<void>;
  readonly #pending = new Set<Promise<unknown>>();
  #closed: Promise<void> | undefined;

  private constructor(options: ResolvedFsOocdOptions, realDir: string, lock: SharedLock) {
    this.options = options;
    this.defaultReaperIntervalSec = options.reaperInterval;
    this.#realDir = realDir;
    this.#lock = lock;
    this.#layout = new Layout(realDir);
    this.#reader = new EntryReader(this.#layout, new OnceWarner(options.warn ?? emitWarning));
    this.#journal = new ChangeJournal(realDir);
    this.#listing = new Listing(this.#layout, this.#reader, this.#journal);
    this.#background = this.#sweepTemps(realDir).catch((e) =>
      (options.warn ?? emitWarning)(`[authstate] [oocd-fs] temp sweep failed: ${e}`),
    );
  }

  /**
   * Creates the directory (0700) if needed, opens the lock file, stamps the entries of a directory
   * written by an older version (see `stamp-upgrade.ts`) and starts sweeping leftover temp files.
   */
  static async open(options: FsOocdOptions = {}): Promise<FsOocdDriver> {
    const resolved = resolveFsOptions(options);
    let realDir: string;
    try {
      await mkdir(resolved.dir, { recursive: true, mode: 0o700 });
      realDir = await realpath(resolved.dir);
    } catch (e) {
      throw fail(
        'CONFIG',
        `Cannot create or open the data directory ${resolved.dir} (option \`dir\`): ${code(e) ?? e}. Check the path and its permissions.`,
        e,
      );
    }
    const lock = await acquireSharedLock(realDir, join(realDir, LOCK_FILE));
    const driver = new FsOocdDriver(resolved, realDir, lock);
    try {
      await ensureStamped(realDir, driver.#reader, lock);
    } catch (e) {
      await driver.close();
      throw fail('BACKEND', `Cannot prepare the data directory ${realDir}: ${code(e) ?? e}. Check its permissions.`, e);
    }
    return driver;
  }

  async get(key: string, now: Date): Promise<OocdEntry | undefined> {
    const e = await this.#reader.entry(this.#layout.locate(key).file, key);
    return e && !isExpired(e, now) ? e : undefined;
  }

  set(entry: OocdEntry): Promise<void> {
    return this.#track(this.#set(entry));
  }

  create(entry: OocdEntry, now: Date): Promise<boolean> {
    return this.#track(this.#create(entry, now));
  }

  take(key: string, now: Date): Promise<OocdEntry | undefined> {
    return this.#track(this.#take(key, now));
  }

  remove(key: string, recursive: boolean): Promise<number> {
    return this.#track(this.#remove(key, recursive));
  }

  reap(now: Date): Promise<number> {
    return this.#track(this.#reap(now));
  }

  async #set(entry: OocdEntry): Promise<void> {
    await this.#write(entry, async () => true);
  }

  async #create(entry: OocdEntry, now: Date): Promise<boolean> {
    // Fast path without lock: a live entry now means create fails now.
    if (await this.get(entry.key, now)) return false;
    return this.#write(entry, async () => !(await this.get(entry.key, now)));
  }

  async #take(key: string, now: Date): Promise<OocdEntry | undefined> {
    const { dir, file } = this.#layout.locate(key);
    if (!(await this.#reader.entry(file, key))) return undefined;
    const taken = await this.#lock.withGlobalAndEntry(slotOf(key), async () => {
      const e = await this.#reader.entry(file, key);
      if (e && (await unlinkIfPresent(file))) return e;
      return undefined;
    });
    if (taken) await syncDir(dir);
    return taken && !isExpired(taken, now) ? taken : undefined;
  }

  async #remove(key: string, recursive: boolean): Promise<number> {
    const { dir, file } = this.#layout.locate(key);
    const removed = recursive
      ? await this.#lock.withGlobal(async () => ((await unlinkIfPresent(file)) ? 1 : 0) + (await removeTree(this.#layout.branchDir(key))))
      : await this.#lock.withGlobalAndEntry(slotOf(key), async () => ((await unlinkIfPresent(file)) ? 1 : 0));
    if (removed > 0) await syncDir(dir);
    return removed;
  }

  list(branch: string, recursive: boolean, now: Date): Promise<OocdEntry[]> {
    return this.#listing.list(branch, recursive, now);
  }

  children(branch: string, now: Date): Promise<string[]> {
    return this.#listing.children(branch, now);
  }

  /**
   * How many directory listings `children()` read in full, merged with one `readdir` and reused
   * unchanged (see `ListingCache`), and how much the cache holds. For tests and benchmarks.
   */
  get listingCacheStats(): { read: number; merged: number; reused: number; dirs: number; names: number } {
    const c = this.#listing.cache;
    return { ...c.counts, ...c.size };
  }

  #reap(now: Date): Promise<number> {
    return reapTree(
      { root: this.#realDir, reader: this.#reader, lock: this.#lock, lockGlobally: this.options.lockGloballyWhenReaping },
      now,
    );
  }

  /**
   * Waits for running calls, then drops this instance's reference to the directory's shared lock
   * file (the last instance of the process closes it). Calling it again returns the same promise:
   * a second close never drops another instance's reference.
   */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    await this.#background;
    // Calls still running hold or await the shared lock file: let them finish first.
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    this.#journal.close();
    await releaseSharedLock(this.#realDir);
  }

  /**
   * Writes the entry durably: a temporary file is written and fsynced without any lock, then under
   * the lock `decide()` is asked whether to go ahead and the file is renamed onto the entry (and
   * the rename recorded in the change journal); the directory is fsynced after the lock is released.
   */
  async #write(entry: OocdEntry, decide: () => Promise<boolean>): Promise<boolean> {
    const { dir, file, base } = this.#layout.locate(entry.key);
    const bytes = serializeEntry(entry);
    for (let attempt = 1; attempt <= COMMIT_ATTEMPTS; attempt++) {
      const prepared = await PreparedFile.write(dir, bytes, entry.expiresAt);
      let outcome: 'written' | 'declined' | 'lost' = 'lost';
      try {
        outcome = await this.#lock.withGlobalAndEntry(slotOf(entry.key), async () => {
          if (!(await decide())) return 'declined';
          // Recorded in the change journal (before and after the rename): see `journal.ts`.
          return (await this.#journal.around(dir, base, () => prepared.commit(file))) ? 'written' : 'lost';
        });
      } finally {
        prepared.discard(outcome === 'written');
      }
      if (outcome === 'declined') return false;
      if (outcome === 'written') {
        await syncDir(dir);
        return true;
      }
      // 'lost': a recursive remove or a sweeper deleted the temporary file; write it again.
    }
    throw fail(
      'BACKEND',
      `Could not store ${JSON.stringify(entry.key)}: its temporary file kept vanishing. Is another program deleting files in ${this.#realDir}?`,
    );
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#pending.add(p);
    const done = () => this.#pending.delete(p);
    p.then(done, done);
    return p;
  }

  async #sweepTemps(dir: string): Promise<void> {
    const contents = await readDirectory(dir);
    for (const t of contents.temps) await sweepTempFile(t);
    for (const b of contents.branches) await this.#sweepTemps(b.path);
  }
}

async function unlinkIfPresent(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return false;
    throw e;
  }
}

/** Deletes a branch directory and everything in it; returns how many entry files it held. */
async function removeTree(dir: string): Promise<number> {
  const contents = await readDirectory(dir);
  let n = 0;
  for (const e of contents.entries) if (await unlinkIfPresent(e.path)) n++;
  for (const b of contents.branches) n += await removeTree(b.path);
  await rm(dir, { recursive: true, force: true });
  return n;
}
