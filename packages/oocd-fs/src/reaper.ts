import { rmdir, unlink } from 'node:fs/promises';
import { isExpired } from '@authstate/oocd-core';
import { readDirectory } from './directory.js';
import type { EntryReader } from './entry-reader.js';
import { readStamp } from './expiry-stamp.js';
import { Pacer, yieldTurn } from './pacer.js';
import { type SharedLock, slotOf } from './shared-lock.js';
import { code, sweepTempFile, syncDir } from './temp-file.js';

/** Most deletions per hold of the global lock, so writers never wait long behind the reaper. */
const BATCH = 32;

/** What one reaper pass needs. */
export interface ReapContext {
  root: string;
  reader: EntryReader;
  lock: SharedLock;
  /** true: each batch holds the global lock; false: each deletion holds only its entry's lock. */
  lockGlobally: boolean;
}

/**
 * One reaper pass over the whole tree. It scans without any lock (readers and writers go on),
 * deletes leftover temporary files whose writer is gone, and deletes expired entries: the scan
 * reads the header only of files whose mtime stamp (their expiry) has passed or is missing, and
 * re-checks each one under the lock right before deleting it (a writer may have replaced it).
 * Directories left empty are removed (a writer that loses its directory this way recreates it).
 * Unparseable files are reported (once) and left alone.
 *
 * @returns the number of expired entries deleted.
 */
export async function reapTree(ctx: ReapContext, now: Date): Promise<number> {
  return reapDir(ctx, ctx.root, now, new Pacer());
}

async function reapDir(ctx: ReapContext, dir: string, now: Date, pacer: Pacer): Promise<number> {
  const contents = await readDirectory(dir);
  for (const t of contents.temps) await sweepTempFile(t);
  const expired: { path: string; key: string }[] = [];
  for (const e of contents.entries) {
    if (pacer.due()) await yieldTurn();
    const stamp = readStamp(e.path);
    if (stamp === null || (stamp !== undefined && stamp > now.getTime())) continue;
    const h = await ctx.reader.header(e.path);
    if (h && isExpired(h, now)) expired.push({ path: e.path, key: h.key });
  }
  let reaped = 0;
  for (let i = 0; i < expired.length; i += BATCH) {
    const batch = expired.slice(i, i + BATCH);
    if (ctx.lockGlobally) {
      reaped += await ctx.lock.withGlobal(async () => {
        let n = 0;
        for (const e of batch) n += await deleteIfExpired(ctx, e.path, e.key, now);
        return n;
      });
    } else {
      for (const e of batch) reaped += await ctx.lock.withEntry(slotOf(e.key), () => deleteIfExpired(ctx, e.path, e.key, now));
    }
  }
  if (reaped > 0) await syncDir(dir);
  for (const b of contents.branches) {
    reaped += await reapDir(ctx, b.path, now, pacer);
    await removeIfEmpty(b.path);
  }
  return reaped;
}

async function deleteIfExpired(ctx: ReapContext, path: string, key: string, now: Date): Promise<number> {
  const h = await ctx.reader.header(path, key);
  if (!h || !isExpired(h, now)) return 0;
  try {
    await unlink(path);
    return 1;
  } catch (e) {
    if (code(e) === 'ENOENT') return 0;
    throw e;
  }
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (e) {
    const c = code(e);
    if (c !== 'ENOTEMPTY' && c !== 'EEXIST' && c !== 'ENOENT') throw e;
  }
}
