import { branchPrefix } from '@authstate/oocd-core';

/** The exact key range of everything strictly below a branch. */
export interface BranchRange {
  /** `/a/b/` (or `/` for the root): every key below starts with it. */
  prefix: string;
  /** Inclusive lower bound: the prefix itself (no key equals it: keys never end in `/`). */
  lo: string;
  /** Exclusive upper bound: the prefix with its final `/` (0x2F) raised to `0` (0x30). */
  hi: string;
}

/**
 * The range `lo <= key < hi` holding exactly the keys below `branch`, in byte order — what the
 * SQL uses instead of `LIKE 'prefix%'` (whose `_`/`%` are wildcards and which may ignore case).
 *
 * @example
 * ```ts
 * branchRange('/a/b'); // { prefix: '/a/b/', lo: '/a/b/', hi: '/a/b0' }
 * ```
 */
export function branchRange(branch: string): BranchRange {
  const prefix = branchPrefix(branch);
  return { prefix, lo: prefix, hi: `${prefix.slice(0, -1)}0` };
}

/** The name one level below `prefix` in a key under it (`/a/` + `/a/b/c` → `b`). */
export function childName(prefix: string, key: string): string {
  const end = key.indexOf('/', prefix.length);
  return end < 0 ? key.slice(prefix.length) : key.slice(prefix.length, end);
}
