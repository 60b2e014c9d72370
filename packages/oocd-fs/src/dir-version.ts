import fs from 'node:fs';

/**
 * What identifies one version of a directory's list of names: its inode, size, mtime and ctime
 * (nanoseconds). Every create, rename into, rename over (replace) and unlink of a name in the
 * directory changes its mtime and ctime, whichever process makes it, so while the version is
 * unchanged, so are the names and the files they point to.
 */
export interface DirVersion {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

/** Slack for a file system's timestamps when they look fine-grained (kernel ticks are ≤ 10 ms). */
export const FINE_SETTLE_MS = 50;
/**
 * Slack when the directory's ctime is a whole multiple of 10 ms: the file system may keep coarse
 * timestamps (FAT: 2 s; ext3-era inodes: 1 s), so a later change could get the same value.
 */
export const COARSE_SETTLE_MS = 2_100;

/** The current version of directory `dir`, or `undefined` when it is not a directory (or gone). */
export function dirVersion(dir: string): DirVersion | undefined {
  const s = fs.statSync(dir, { bigint: true, throwIfNoEntry: false });
  if (!s?.isDirectory()) return undefined;
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
}

/** True when both are the same version of the same directory. */
export function sameVersion(a: DirVersion, b: DirVersion): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/**
 * Whether a listing of the directory taken when its version was `v`, with the clock read at
 * `readAtMs` (before that `stat`), may be reused while the version stays `v` ("racy git"): the
 * kernel stamps changes with a coarse clock, so a change made in the same tick as the one that
 * produced `v` could leave mtime and ctime as they were. Only when the last change (its ctime: no
 * program can set it) lies safely before `readAtMs` does every later change get a later ctime.
 */
export function isSettled(v: DirVersion, readAtMs: number): boolean {
  const coarse = v.ctimeNs % 10_000_000n === 0n;
  const slackMs = coarse ? COARSE_SETTLE_MS : FINE_SETTLE_MS;
  return v.ctimeNs < BigInt(Math.floor(readAtMs - slackMs)) * 1_000_000n;
}
