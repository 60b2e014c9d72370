import fs from 'node:fs';

/**
 * The modification time of an entry file whose expiry could not be stored exactly in its mtime
 * (a file system with coarse timestamps, or an expiry beyond its range): "read the header".
 */
export const UNSTAMPED_MS = 0;

/**
 * Sets the modification time of an open (temporary) entry file to its expiry, so that listings
 * learn expiries from `readdir` + `stat` without opening files. Call it after the last write and
 * before the fsync and the rename: one rename then replaces value, metadata and expiry together,
 * and a crash never leaves an entry with another version's stamp. When the file system does not
 * keep the instant exactly (checked by reading it back), the file gets {@link UNSTAMPED_MS}
 * instead, which tells listings to read its header. Two metadata system calls, no I/O wait.
 */
export function stampExpiry(fd: number, expiresAt: Date): void {
  const at = expiresAt.getTime();
  fs.futimesSync(fd, new Date(), expiresAt);
  if (stampedMs(fs.fstatSync(fd)) !== at) fs.futimesSync(fd, new Date(), new Date(UNSTAMPED_MS));
}

/** The expiry a file's mtime stands for (milliseconds), or `undefined` when its header must be read. */
export function expiryFromStats(stats: fs.Stats): number | undefined {
  const ms = stampedMs(stats);
  return ms === UNSTAMPED_MS ? undefined : ms;
}

/** The mtime in whole milliseconds (the stamp is written as a `Date`, read back as float ms). */
function stampedMs(stats: fs.Stats): number {
  return Math.round(stats.mtimeMs);
}

/**
 * The expiry stamp of the file at `path` without following symbolic links: a number (ms), `undefined`
 * when the header must be read, or `null` when the path is not a regular file (gone, or replaced
 * by something else). One `lstat` system call, made synchronously: it is cheaper than a round trip
 * through the thread pool, and listings do thousands.
 */
export function readStamp(path: string): number | undefined | null {
  const stats = fs.lstatSync(path, { throwIfNoEntry: false });
  if (!stats?.isFile()) return null;
  return expiryFromStats(stats);
}
