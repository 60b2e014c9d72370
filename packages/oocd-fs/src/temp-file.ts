import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { stampExpiry } from './expiry-stamp.js';
import { TEMP_PREFIX } from './names.js';
import { ofdLocks } from './ofd-locks.js';

// Through getBuiltinModule: the ES-module facade of node:crypto costs CLI start-up milliseconds.
const { randomBytes } = process.getBuiltinModule('node:crypto');
const ATTEMPTS = 10;

/**
 * A fully written, fsynced temporary file next to its target. While it exists its writer holds an
 * OFD lock on it, which tells {@link sweepTempFile} that it is not a leftover of a dead process.
 */
export class PreparedFile {
  private constructor(
    readonly path: string,
    readonly dir: string,
    readonly bytes: Buffer,
    private handle: FileHandle,
  ) {}

  /**
   * Writes `bytes` to a new temporary file in `dir` (created 0700 if needed), stamps its mtime with
   * `expiresAt` (see {@link stampExpiry}) and fsyncs it.
   */
  static async write(dir: string, bytes: Buffer, expiresAt: Date): Promise<PreparedFile> {
    const fsx = await ofdLocks();
    for (let attempt = 1; ; attempt++) {
      const path = join(dir, `${TEMP_PREFIX}${randomBytes(9).toString('base64url')}`);
      let handle: FileHandle;
      try {
        handle = await open(path, 'wx', 0o600);
      } catch (e) {
        // The directory is new, or a reaper removed it as empty just now: (re)create it.
        if (code(e) !== 'ENOENT' || attempt >= ATTEMPTS) throw e;
        await mkdir(dir, { recursive: true, mode: 0o700 });
        continue;
      }
      if (!fsx.tryLock(handle.fd)) {
        // A sweeper opened it between our open and lock and will delete it: take another name.
        await handle.close();
        if (attempt >= ATTEMPTS) throw new Error(`could not keep a temporary file in ${dir}`);
        continue;
      }
      try {
        await handle.writeFile(bytes);
        stampExpiry(handle.fd, expiresAt);
        await handle.sync();
      } catch (e) {
        await handle.close();
        await unlink(path).catch(() => undefined);
        throw e;
      }
      return new PreparedFile(path, dir, bytes, handle);
    }
  }

  /**
   * Renames the file onto `target` (call under the lock). Returns false when the temporary file
   * vanished (a recursive remove or sweeper deleted it): write it again and retry.
   */
  async commit(target: string): Promise<boolean> {
    try {
      await rename(this.path, target);
      return true;
    } catch (e) {
      if (code(e) === 'ENOENT') return false;
      throw e;
    }
  }

  /** Closes the file (dropping its lock) and deletes it if it was not committed. */
  async discard(committed: boolean): Promise<void> {
    await this.handle.close();
    if (!committed) await unlink(this.path).catch(() => undefined);
  }
}

/** fsyncs a directory, making renames and unlinks in it durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Deletes a temporary file if no live writer holds it (its writer died, e.g. killed mid-write).
 * Returns true when it deleted it.
 */
export async function sweepTempFile(path: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r+');
  } catch {
    return false; // already gone (committed or swept)
  }
  try {
    if (!(await ofdLocks()).tryLock(handle.fd)) return false;
    await unlink(path).catch(() => undefined);
    return true;
  } finally {
    await handle.close();
  }
}

/** The `code` of a Node system error, if any. */
export function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
