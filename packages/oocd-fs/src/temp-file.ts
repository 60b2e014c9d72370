import fs from 'node:fs';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { stampExpiry } from './expiry-stamp.js';
import { TEMP_PREFIX } from './names.js';
import { ofdLocks } from './ofd-locks.js';

// Through getBuiltinModule: the ES-module facade of node:crypto costs CLI start-up milliseconds.
const { randomBytes } = process.getBuiltinModule('node:crypto');
const ATTEMPTS = 10;
/** A new file only: never follow or reuse what is there. */
const CREATE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
/** Entry files up to this size are written with one synchronous call (like small reads, see `read-file.ts`). */
const SYNC_WRITE_MAX = 64 * 1024;

/**
 * A fully written, fsynced temporary file next to its target. While it exists its writer holds an
 * OFD lock on it, which tells {@link sweepTempFile} that it is not a leftover of a dead process.
 *
 * Only the two `fsync`s wait for the disk and run in the thread pool; the calls around them
 * (open, lock, write of a small file, stamp, rename, close) touch only the page cache and kernel
 * metadata and are made synchronously: each takes microseconds, less than one thread-pool round
 * trip, and the write path makes eight of those otherwise.
 */
export class PreparedFile {
  private constructor(
    readonly path: string,
    readonly dir: string,
    private readonly fd: number,
  ) {}

  /**
   * Writes `bytes` to a new temporary file in `dir` (created 0700 if needed), stamps its mtime with
   * `expiresAt` (see {@link stampExpiry}) and fsyncs it.
   */
  static async write(dir: string, bytes: Buffer, expiresAt: Date): Promise<PreparedFile> {
    const fsx = await ofdLocks();
    for (let attempt = 1; ; attempt++) {
      const path = join(dir, `${TEMP_PREFIX}${randomBytes(9).toString('base64url')}`);
      let fd: number;
      try {
        fd = fs.openSync(path, CREATE_FLAGS, 0o600);
      } catch (e) {
        // The directory is new, or a reaper removed it as empty just now: (re)create it.
        if (code(e) !== 'ENOENT' || attempt >= ATTEMPTS) throw e;
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        continue;
      }
      if (!fsx.tryLock(fd)) {
        // A sweeper opened it between our open and lock and will delete it: take another name.
        fs.closeSync(fd);
        if (attempt >= ATTEMPTS) throw new Error(`could not keep a temporary file in ${dir}`);
        continue;
      }
      try {
        await writeAll(fd, bytes);
        stampExpiry(fd, expiresAt);
        await fsync(fd);
      } catch (e) {
        fs.closeSync(fd);
        fs.rmSync(path, { force: true });
        throw e;
      }
      return new PreparedFile(path, dir, fd);
    }
  }

  /**
   * Renames the file onto `target` (call under the lock). Returns false when the temporary file
   * vanished (a recursive remove or sweeper deleted it): write it again and retry.
   */
  commit(target: string): boolean {
    try {
      fs.renameSync(this.path, target);
      return true;
    } catch (e) {
      if (code(e) === 'ENOENT') return false;
      throw e;
    }
  }

  /** Closes the file (dropping its lock) and deletes it if it was not committed. */
  discard(committed: boolean): void {
    fs.closeSync(this.fd);
    if (!committed) fs.rmSync(this.path, { force: true });
  }
}

/** fsyncs a directory, making renames and unlinks in it durable. */
export async function syncDir(dir: string): Promise<void> {
  const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  try {
    await fsync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes all of `bytes` at the start of `fd`: synchronously when small, else in the thread pool. */
async function writeAll(fd: number, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const rest = bytes.length - done;
    done +=
      bytes.length <= SYNC_WRITE_MAX
        ? fs.writeSync(fd, bytes, done, rest, done)
        : await new Promise<number>((resolve, reject) => fs.write(fd, bytes, done, rest, done, (e, n) => (e ? reject(e) : resolve(n))));
  }
}

function fsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
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
