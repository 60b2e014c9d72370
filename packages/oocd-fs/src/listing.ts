import { isExpired, keySegments, type OocdEntry } from '@authstate/oocd-core';
import { readDirectory } from './directory.js';
import type { EntryReader } from './entry-reader.js';
import type { Layout } from './layout.js';
import { mapLimit } from './parallel.js';

/** Files read at once in one directory (the libuv pool has 4 threads; a little more hides latency). */
const READ_CONCURRENCY = 16;

/**
 * `list` and `children` without any lock. They read only the branch's directory (and, for
 * recursive listings or to tell whether a sub-branch still holds a live entry, the directories
 * below it), never the rest of the tree.
 */
export class Listing {
  constructor(
    private readonly layout: Layout,
    private readonly reader: EntryReader,
  ) {}

  /** Live entries directly under `branch`, or in its whole subtree. */
  async list(branch: string, recursive: boolean, now: Date): Promise<OocdEntry[]> {
    const out: OocdEntry[] = [];
    await this.#collect(this.layout.branchDir(branch), recursive, now, out);
    return out;
  }

  /** Names one level below `branch` that are a live entry or lead to one. */
  async children(branch: string, now: Date): Promise<string[]> {
    const depth = keySegments(branch).length;
    const contents = await readDirectory(this.layout.branchDir(branch));
    const names = new Set<string>();
    const headers = await mapLimit(contents.entries, READ_CONCURRENCY, (e) => this.reader.header(e.path));
    for (const h of headers) if (h && !isExpired(h, now)) names.add(keySegments(h.key)[depth] as string);
    const below = await mapLimit(contents.branches, READ_CONCURRENCY, (b) => this.#firstLiveKey(b.path, now));
    for (const key of below) if (key !== undefined) names.add(keySegments(key)[depth] as string);
    return [...names];
  }

  async #collect(dir: string, recursive: boolean, now: Date, out: OocdEntry[]): Promise<void> {
    const contents = await readDirectory(dir);
    const entries = await mapLimit(contents.entries, READ_CONCURRENCY, (e) => this.reader.entry(e.path));
    for (const e of entries) if (e && !isExpired(e, now)) out.push(e);
    if (recursive) for (const b of contents.branches) await this.#collect(b.path, true, now, out);
  }

  /** The key of some live entry in `dir` or below (its file names say which branch it is), if any. */
  async #firstLiveKey(dir: string, now: Date): Promise<string | undefined> {
    const contents = await readDirectory(dir);
    for (const e of contents.entries) {
      const h = await this.reader.header(e.path);
      if (h && !isExpired(h, now)) return h.key;
    }
    for (const b of contents.branches) {
      const key = await this.#firstLiveKey(b.path, now);
      if (key !== undefined) return key;
    }
    return undefined;
  }
}
