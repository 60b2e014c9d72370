import { type DirVersion, dirVersion, isSettled, sameVersion } from './dir-version.js';
import { readDirectory } from './directory.js';
import { readStamp } from './expiry-stamp.js';
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
}

/** One directory's entry files (with their stamps) and sub-directories. */
export interface DirListing {
  files: readonly ListedFile[];
  branches: readonly { name: string; path: string }[];
}

/** Most names (files and sub-directories) kept in one cache, over all its directories. */
export const DEFAULT_MAX_NAMES = 100_000;
const EMPTY: DirListing = { files: [], branches: [] };

/**
 * Listings of directories (`readdir` + one `lstat` per entry file), reused while the directory's
 * version (see `dir-version.ts`: inode, size, mtime, ctime) is unchanged. Any create, replace or
 * delete of an entry, by this or any other process, changes that version, so a reused listing
 * names exactly the files a fresh one would, with the same stamps. A listing is only kept when the
 * directory's last change lay safely before the listing began (`isSettled`), so a change in the
 * same clock tick cannot hide behind an unchanged timestamp. Expiry is not decided here: callers
 * compare the stamps with their `now` on every call, so an entry is hidden the instant it expires.
 *
 * Not seen: an entry file changed in place without a rename (`touch`, an editor), which this
 * package never does; `get` and `list` read headers and are not affected.
 *
 * Memory is bounded: least recently used directories are dropped when more than `maxNames` names
 * are held.
 */
export class ListingCache {
  readonly #byDir = new Map<string, { version: DirVersion; listing: DirListing; names: number }>();
  #names = 0;
  /** Listings served from the cache and listings read from the directory (for tests and benches). */
  readonly counts = { reused: 0, read: 0 };

  constructor(readonly maxNames = DEFAULT_MAX_NAMES) {}

  /** The listing of `dir` (empty when it is not a directory). `pacer` spaces out the `lstat`s. */
  async listing(dir: string, pacer: Pacer): Promise<DirListing> {
    const readAtMs = Date.now(); // before the stat: see isSettled
    const version = dirVersion(dir);
    const cached = this.#byDir.get(dir);
    if (cached) {
      this.#byDir.delete(dir);
      if (version && sameVersion(cached.version, version)) {
        this.#byDir.set(dir, cached); // most recently used last
        this.counts.reused++;
        return cached.listing;
      }
      this.#names -= cached.names;
    }
    if (!version) return EMPTY;
    this.counts.read++;
    const listing = await readListing(dir, pacer);
    const names = listing.files.length + listing.branches.length;
    if (isSettled(version, readAtMs) && names <= this.maxNames && !this.#byDir.has(dir)) {
      this.#byDir.set(dir, { version, listing, names });
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
  const contents = await readDirectory(dir);
  const files: ListedFile[] = [];
  for (const e of contents.entries) {
    if (pacer.due()) await yieldTurn();
    const stamp = readStamp(e.path);
    if (stamp !== null) files.push({ base: e.base, path: e.path, segment: decodeSegment(e.base), stamp });
  }
  return { files, branches: contents.branches };
}
