import { type DirVersion, dirVersion, isSettled, sameVersion } from './dir-version.js';
import { readDirectory } from './directory.js';
import { readStamp } from './expiry-stamp.js';
import { hash32 } from './journal-ring.js';
import { JournalSnapshot } from './journal-snapshot.js';
import { decodeSegment } from './names.js';
import { type Pacer, yieldTurn } from './pacer.js';

/** An entry file as listed: its base name, path, decoded key segment and expiry stamp. */
export interface ListedFile {
  base: string;
  path: string;
  /** The key segment its name stands for, or `undefined` for hashed or foreign names. */
  segment: string | undefined;
  /** Its expiry (ms) from its mtime, or `undefined` when its header must say (see `expiry-stamp.ts`). */
  stamp: number | undefined;
  /** The change journal's hash of `base` (see `journal-ring.ts`). */
  hash: number;
}

/** One directory's entry files (with their stamps) and sub-directories. */
export interface DirListing {
  files: readonly ListedFile[];
  branches: readonly { name: string; path: string }[];
}

/** Most names (files and sub-directories) kept in one cache, over all its directories. */
export const DEFAULT_MAX_NAMES = 100_000;
const EMPTY: DirListing = { files: [], branches: [] };

/** One cached directory: its listing and what it is exact at. */
interface Cached {
  /** The directory's version, `stat`ed before the listing's `readdir`. */
  version: DirVersion;
  /** Whether `version` had settled when it was read (see `isSettled`): only then may it vouch for the names. */
  settled: boolean;
  /** The journal generation and sequence number the listing is exact at (see `journal-snapshot.ts`). */
  generation: string | undefined;
  seq: number;
  listing: DirListing;
  byBase: Map<string, ListedFile>;
  names: number;
}

/**
 * Listings of directories (names, and the expiry stamp of each entry file from one `lstat`), kept
 * between calls and brought up to date cheaply. Two sources say what changed since a listing:
 *
 * - **The directory's version** (`dir-version.ts`: inode, size, mtime, ctime) for the *set of
 *   names*: every create, rename into or over a name, and unlink in a directory, by any process
 *   or by hand, changes it. While it is unchanged, and had settled when it was read (the racy-git
 *   rule of `isSettled`), no name came or went.
 * - **The change journal** (`journal.ts`) for the *contents of names*: every `set`/`create` of
 *   this package records the directory and name it renamed onto. A rename over an existing name
 *   leaves the set of names as it was, so only the journal tells which stamps changed.
 *
 * A call, given a journal snapshot taken before it began:
 * - **reused** as is: the cached version is unchanged and had settled, and the journal has no
 *   record for this directory since the listing (or cannot tell: then the unchanged version alone
 *   says no rename happened, as every rename changes it);
 * - **read** in full (`readdir` + one `lstat` per entry): no cached listing, another inode, or a
 *   journal that cannot vouch for the time since (missing, another generation, overrun, a torn or
 *   missing record, a sequence going backwards);
 * - else **merged**: one `readdir`; names that are new or named by a record are `lstat`ed, names
 *   gone are dropped, the rest keep their stamps. This is the common case after any change,
 *   including a writer's temporary file coming and going (it is not an entry: nothing to `lstat`).
 * The result is kept with the directory version read before the `readdir` (and whether it had
 * settled) and the snapshot's position.
 *
 * Exactness of a merge. Its names are those of a `readdir` made now. A name kept from the old
 * listing keeps its stamp; that listing was made after a snapshot at position `s`, so it reflects
 * every write recorded at or before `s` (each such rename happened before its record, which
 * happened before that snapshot, which came before the `lstat`). A write recorded after `s` and
 * at or before this call's snapshot put the name into the delta: it is `lstat`ed again now. A write
 * recorded after this call's snapshot had not returned when the call began (a writer records
 * before it returns), so it is concurrent with the call and either stamp is right; the next call
 * has it in its delta. See `journal.ts` for writers that die between their rename and record.
 * Expiry is not decided here: callers compare stamps with their `now` on every call, so an entry
 * is hidden the instant it expires.
 *
 * Not seen: an entry file changed in place (`touch`, an editor), and a name replaced by hand (a
 * rename over it by another program, which writes no record), which this package never does;
 * names created or deleted by hand are seen (the directory version). `get` and `list` read headers
 * and are not affected.
 *
 * Memory is bounded: least recently used directories are dropped when more than `maxNames` names
 * are held.
 */
export class ListingCache {
  readonly #byDir = new Map<string, Cached>();
  #names = 0;
  /** Listings served as cached, merged with a `readdir`, and read in full (for tests and benches). */
  readonly counts = { reused: 0, merged: 0, read: 0 };

  constructor(readonly maxNames = DEFAULT_MAX_NAMES) {}

  /**
   * The listing of `dir` (empty when it is not a directory). `pacer` spaces out the `lstat`s;
   * `journal` is a snapshot of the change journal taken before this call began.
   */
  async listing(dir: string, pacer: Pacer, journal = JournalSnapshot.NONE): Promise<DirListing> {
    const readAtMs = Date.now(); // before the stat: see isSettled
    const version = dirVersion(dir);
    const cached = this.#byDir.get(dir);
    if (cached) {
      this.#byDir.delete(dir);
      this.#names -= cached.names;
    }
    if (!version) return EMPTY;
    const sameDir = cached !== undefined && cached.version.ino === version.ino && cached.version.dev === version.dev;
    const delta = sameDir ? journal.changes(dir, cached.generation, cached.seq) : undefined;
    let listing: DirListing;
    let byBase: Map<string, ListedFile> | undefined;
    if (cached?.settled && sameVersion(cached.version, version) && (delta === undefined || delta.names.size === 0)) {
      // No name came or went, and no name was rewritten (or, without a journal that can say, the
      // unchanged version says it: every rename changes it).
      this.counts.reused++;
      ({ listing, byBase } = cached);
    } else if (cached && delta) {
      this.counts.merged++;
      listing = await mergeListing(dir, cached.byBase, delta.names, pacer);
    } else {
      this.counts.read++;
      listing = await readListing(dir, pacer);
    }
    const names = listing.files.length + listing.branches.length;
    if (names <= this.maxNames && !this.#byDir.has(dir)) {
      byBase ??= new Map(listing.files.map((f) => [f.base, f]));
      const settled = isSettled(version, readAtMs);
      this.#byDir.set(dir, { version, settled, generation: journal.generation, seq: journal.position, listing, byBase, names });
      this.#names += names;
      this.#evict();
    }
    return listing;
  }

  /** How many directories and names are held. */
  get size(): { dirs: number; names: number } {
    return { dirs: this.#byDir.size, names: this.#names };
  }

  #evict(): void {
    for (const [dir, entry] of this.#byDir) {
      if (this.#names <= this.maxNames) return;
      this.#byDir.delete(dir);
      this.#names -= entry.names;
    }
  }
}

async function readListing(dir: string, pacer: Pacer): Promise<DirListing> {
  return mergeListing(dir, new Map(), new Set(), pacer);
}

/**
 * One `readdir` of `dir`: names in `known` whose hash is not in `rewritten` keep their listed
 * stamp, every other entry file is `lstat`ed.
 */
async function mergeListing(
  dir: string,
  known: ReadonlyMap<string, ListedFile>,
  rewritten: ReadonlySet<number>,
  pacer: Pacer,
): Promise<DirListing> {
  const contents = await readDirectory(dir);
  const files: ListedFile[] = [];
  for (const e of contents.entries) {
    const old = known.get(e.base);
    if (old && !rewritten.has(old.hash)) {
      files.push(old);
      continue;
    }
    if (pacer.due()) await yieldTurn();
    const stamp = readStamp(e.path);
    if (stamp !== null) files.push({ base: e.base, path: e.path, segment: decodeSegment(e.base), stamp, hash: hash32(e.base) });
  }
  return { files, branches: contents.branches };
}
