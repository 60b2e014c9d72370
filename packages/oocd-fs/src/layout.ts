import { join } from 'node:path';
import { keySegments } from '@authstate/oocd-core';
import { ENTRY_SUFFIX, encodeSegment } from './names.js';

/** Where an entry lives: its directory and its file. */
export interface EntryLocation {
  dir: string;
  file: string;
}

/**
 * Maps keys and branches to paths below the data directory: each segment of the branch is a
 * directory, the last segment of a key is `<name>.entry` in it (see `encodeSegment`). Keys are
 * validated by the core, and no encoded name is `.`, `..`, empty or contains `/`, so every path
 * stays inside `root`.
 */
export class Layout {
  constructor(readonly root: string) {}

  /** The directory of a branch (`/` is the root). */
  branchDir(branch: string): string {
    return join(this.root, ...keySegments(branch).map(encodeSegment));
  }

  /** The directory and file of an entry. */
  locate(key: string): EntryLocation {
    const segments = keySegments(key);
    const last = segments.pop() as string;
    const dir = join(this.root, ...segments.map(encodeSegment));
    return { dir, file: join(dir, encodeSegment(last) + ENTRY_SUFFIX) };
  }
}
