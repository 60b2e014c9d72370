import { isExpired, keySegments, type OocdEntry } from '@authstate/oocd-core';
import { readDirectory } from './directory.js';
import type { EntryReader } from './entry-reader.js';
import type { ChangeJournal } from './journal.js';
import { JournalSnapshot } from './journal-snapshot.js';
import type { Layout } from './layout.js';
import { type ListedFile, ListingCache } from './listing-cache.js';
import { decodeSegment, isHashedName } from './names.js';
import { Pacer, yieldTurn } from './pacer.js';

/**
 * `list` and `children` without any lock. They read only the branch's directory (and, for
 * recursive listings or to tell whether a sub-branch still holds a live entry, the directories
 * below it), never the rest of the tree.
 *
 * `list` reads every entry file (small ones synchronously, pacing the event loop). `children`
 * opens no file in the common case: an entry file's mtime is its expiry (see `expiry-stamp.ts`)
 * and its name is its key segment, so `readdir` + one `lstat` per entry tell which names are live.
 * Listings are kept in a {@link ListingCache} and brought up to date with one `stat` (unchanged),
 * or one `readdir` and an `lstat` of only the names the change journal says were rewritten; the
 * journal is read once per call, before any directory. Stamps are compared with `now` on every
 * call. Only files without an exact stamp, with hashed names (long segments) or below a hashed
 * directory are judged by their header.
 */
export class Listing {
  constructor(
    private readonly layout: Layout,
    private readonly reader: EntryReader,
    /** The data directory's change journal (none: listings are kept only while directories are unchanged). */
    private readonly journal?: ChangeJournal,
    /** Directory listings with stamps, kept between calls. */
    readonly cache = new ListingCache(),
  ) {}

  /** Live entries directly under `branch`, or in its whole subtree. */
  async list(branch: string, recursive: boolean, now: Date): Promise<OocdEntry[]> {
    const out: OocdEntry[] = [];
    await this.#collect(this.layout.branchDir(branch), recursive, now, out, new Pacer());
    return out;
  }

  /** Names one level below `branch` that are a live entry or lead to one. */
  async children(branch: string, now: Date): Promise<string[]> {
    const depth = keySegments(branch).length;
    const pacer = new Pacer();
    const journal = this.journal?.snapshot() ?? JournalSnapshot.NONE;
    const listing = await this.cache.listing(this.layout.branchDir(branch), pacer, journal);
    const names = new Set<string>();
    const t = now.getTime();
    for (const f of listing.files) {
      if (f.segment !== undefined) {
        // The common case inline (a stamp in memory): an await per entry costs more than the compare.
        if (f.stamp !== undefined ? f.stamp > t : await this.#isLive(f, true, now, pacer)) names.add(f.segment);
      } else {
        if (pacer.due()) await yieldTurn();
        const h = await this.#liveHeader(f.path, now);
        if (h) names.add(keySegments(h.key)[depth] as string);
      }
    }
    for (const b of listing.branches) {
      const segment = decodeSegment(b.name);
      if (segment !== undefined) {
        if (await this.#anyLive(b.path, true, now, pacer, journal)) names.add(segment);
      } else if (isHashedName(b.name)) {
        const key = await this.#firstLiveKey(b.path, now);
        if (key !== undefined) names.add(keySegments(key)[depth] as string);
      }
    }
    return [...names];
  }

  async #collect(dir: string, recursive: boolean, now: Date, out: OocdEntry[], pacer: Pacer): Promise<void> {
    const contents = await readDirectory(dir);
    for (const f of contents.entries) {
      if (pacer.due()) await yieldTurn();
      const e = await this.reader.entry(f.path);
      if (e && !isExpired(e, now)) out.push(e);
    }
    if (recursive) for (const b of contents.branches) await this.#collect(b.path, true, now, out, pacer);
  }

  /**
   * Whether a listed entry file is live: by its stamp when `trustName` (its name and every
   * directory name above it up to the listed branch decode to key segments, so the file is where
   * its key belongs), else by its header. Only a header read counts for `pacer`: a stamp is
   * already in memory.
   */
  async #isLive(f: ListedFile, trustName: boolean, now: Date, pacer: Pacer): Promise<boolean> {
    const t = now.getTime();
    if (f.stamp !== undefined && (trustName || f.stamp <= t)) return f.stamp > t;
    if (pacer.due()) await yieldTurn();
    return (await this.#liveHeader(f.path, now)) !== undefined;
  }

  async #liveHeader(path: string, now: Date) {
    const h = await this.reader.header(path);
    return h && !isExpired(h, now) ? h : undefined;
  }

  /** Whether `dir` or a directory below it holds a live entry. */
  async #anyLive(dir: string, trustNames: boolean, now: Date, pacer: Pacer, journal: JournalSnapshot): Promise<boolean> {
    const listing = await this.cache.listing(dir, pacer, journal);
    for (const f of listing.files) {
      if (await this.#isLive(f, trustNames && f.segment !== undefined, now, pacer)) return true;
    }
    for (const b of listing.branches) {
      // Only names this package writes: a hand-made directory cannot hold an entry of its own.
      const canonical = decodeSegment(b.name) !== undefined;
      if ((canonical || isHashedName(b.name)) && (await this.#anyLive(b.path, trustNames && canonical, now, pacer, journal))) return true;
    }
    return false;
  }

  /** The key of some live entry in `dir` or below (its file names say which branch it is), if any. */
  async #firstLiveKey(dir: string, now: Date): Promise<string | undefined> {
    const contents = await readDirectory(dir);
    for (const e of contents.entries) {
      const h = await this.#liveHeader(e.path, now);
      if (h) return h.key;
    }
    for (const b of contents.branches) {
      const key = await this.#firstLiveKey(b.path, now);
      if (key !== undefined) return key;
    }
    return undefined;
  }
}
