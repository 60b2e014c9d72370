import fs from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { readDirectory } from './directory.js';
import type { EntryReader } from './entry-reader.js';
import { stampExpiry } from './expiry-stamp.js';
import { STAMPED_MARKER } from './names.js';
import { type SharedLock, slotOf } from './shared-lock.js';
import { code, syncDir } from './temp-file.js';

/**
 * Makes sure every entry file of the data directory carries its expiry as its mtime (see
 * `expiry-stamp.ts`). Directories written by this version say so with the empty marker file
 * {@link STAMPED_MARKER}; in an older directory (entries stamped with their write time) each entry
 * is stamped from its header first, under its entry lock (so no writer replaces it in between),
 * fsynced, and only then is the marker created. A crash before the marker just repeats the pass.
 * Costs one `stat` when the marker exists.
 */
export async function ensureStamped(root: string, reader: EntryReader, lock: SharedLock): Promise<void> {
  const marker = join(root, STAMPED_MARKER);
  if (fs.existsSync(marker)) return;
  await stampTree(root, reader, lock);
  const handle = await open(marker, 'a', 0o600);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDir(root);
}

async function stampTree(dir: string, reader: EntryReader, lock: SharedLock): Promise<void> {
  const contents = await readDirectory(dir);
  for (const e of contents.entries) {
    const seen = await reader.header(e.path);
    if (!seen) continue; // absent or unparseable: nothing to stamp
    await lock.withEntry(slotOf(seen.key), async () => {
      const h = await reader.header(e.path, seen.key);
      if (h) await restamp(e.path, h.expiresAt);
    });
  }
  for (const b of contents.branches) await stampTree(b.path, reader, lock);
}

async function restamp(path: string, expiresAt: Date): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await open(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (e) {
    if (code(e) === 'ENOENT') return; // taken or reaped meanwhile
    throw e;
  }
  try {
    stampExpiry(handle.fd, expiresAt);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
