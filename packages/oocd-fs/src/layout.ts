import { sep } from 'node:path';
import { keySegments } from '@authstate/oocd-core';
import { ENTRY_SUFFIX, encodeSegment } from './names.js';

/** Where an entry lives: its directory and its file. */
export interface EntryLocation {
  dir: string;
  file: string;
  /** The file's name without its suffix (the encoded last segment). */
  base: string;
}

/**
 * Maps keys and branches to paths below the data directory: each segment of the branch is a
 * directory, the last segment of a key is `<name>.entry` in it (see `encodeSegment`). Keys are
 * validated by the core, and no encoded name is `.`, `..`, empty or contains `/`, so every path
 * stays inside `root` and is already normal (what `path.join` would return).
 */
export class Layout {
  /** `root` with one trailing slash: encoded names need no normalising, so paths are concatenated. */
  readonly #prefix: string;

  constructor(readonly root: string) {
    this.#prefix = root.endsWith(sep) ? root : root + sep;
  }

  /** The directory of a branch (`/` is the root). */
  branchDir(branch: string): string {
    const segments = keySegments(branch);
    return segments.length === 0 ? this.root : this.#prefix + segments.map(encodeSegment).join(sep);
  }

  /** The directory and file of an entry. */
  locate(key: string): EntryLocation {
    const segments = keySegments(key).map(encodeSegment);
    const last = segments.pop() as string;
    const dir = segments.length === 0 ? this.root : this.#prefix + segments.join(sep);
    return { dir, file: `${dir === this.root ? this.#prefix : dir + sep}${last}${ENTRY_SUFFIX}`, base: last };
  }
}
