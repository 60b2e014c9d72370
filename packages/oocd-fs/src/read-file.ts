import fs from 'node:fs';
import { MalformedEntryError } from './entry-file.js';

/**
 * Files up to this size are read with synchronous calls (open, fstat, read, close: microseconds for
 * a cached file, cheaper than four thread-pool round trips); larger ones are read asynchronously so
 * a big value never holds up the event loop.
 */
export const SYNC_READ_MAX = 64 * 1024;
/** What a header read fetches first; headers are usually far smaller. */
export const HEAD_BYTES = 4096;
/**
 * No symbolic links (a planted link is not an entry) and no waiting on a FIFO planted in place of
 * an entry file (O_NONBLOCK has no effect on regular files).
 */
const FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

/** Bytes read from one entry file, and the size of the whole file (same version: one descriptor). */
export interface FileBytes {
  bytes: Buffer;
  size: number;
  /**
   * false when `size` was not taken from `fstat` but inferred from a short first read (the whole
   * file, for a regular file). Should such bytes not parse, read again with `{ checked: true }`.
   */
  checked: boolean;
}

/**
 * What the first read of a file asks for: more than a typical entry file, so most files are read
 * whole by it. It reads into one scratch buffer, and only the bytes read are copied out (before
 * anything else can run), so a read allocates only what the file holds.
 */
const FIRST_READ = 16 * 1024;
const scratch = Buffer.allocUnsafe(FIRST_READ);

/**
 * Reads an entry file through one descriptor: the whole file, or with `headOnly` its first
 * {@link HEAD_BYTES} (more when the header is longer). Throws the system error for a missing file
 * and {@link MalformedEntryError} for anything that is not a regular file.
 *
 * The common case costs three system calls (open, read, close: one fewer than `readFileSync`): a
 * first read that returns fewer bytes than asked is the whole file. Only an empty first read, a
 * full one, or `checked` asks `fstat` for the type and size.
 */
export async function readEntryFile(path: string, headOnly: boolean, { checked = false } = {}): Promise<FileBytes> {
  let fd: number;
  try {
    fd = fs.openSync(path, FLAGS);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new MalformedEntryError('a symbolic link where an entry file belongs');
    throw e;
  }
  try {
    if (!checked) {
      let n = 0;
      try {
        n = fs.readSync(fd, scratch, 0, FIRST_READ, 0);
      } catch (e) {
        // A directory (EISDIR), a FIFO (ESPIPE)…: let fstat name what it is; a regular file: the error.
        regularFile(fd);
        throw e;
      }
      if (n > 0 && n < FIRST_READ) {
        const bytes = Buffer.allocUnsafe(n);
        scratch.copy(bytes, 0, 0, n);
        return { bytes, size: n, checked: false };
      }
    }
    const { size } = regularFile(fd);
    let bytes = await readStart(fd, headOnly ? Math.min(size, HEAD_BYTES) : size);
    // A header longer than HEAD_BYTES (much metadata): read on through the same descriptor.
    if (headOnly && bytes.indexOf('\n\n') < 0 && size > bytes.length) bytes = await readStart(fd, size);
    return { bytes, size, checked: true };
  } finally {
    fs.closeSync(fd);
  }
}

/** The `fstat` of `fd`; throws {@link MalformedEntryError} when it is not a regular file. */
function regularFile(fd: number): fs.Stats {
  const stats = fs.fstatSync(fd);
  if (!stats.isFile()) {
    throw new MalformedEntryError(stats.isDirectory() ? 'a directory where an entry file belongs' : 'not a regular file');
  }
  return stats;
}

/** The first `length` bytes of `fd` (fewer if the file is shorter). */
async function readStart(fd: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const n =
      length <= SYNC_READ_MAX
        ? fs.readSync(fd, buf, filled, length - filled, filled)
        : await new Promise<number>((resolve, reject) =>
            fs.read(fd, buf, filled, length - filled, filled, (e, r) => (e ? reject(e) : resolve(r))),
          );
    if (n === 0) break;
    filled += n;
  }
  return buf.subarray(0, filled);
}
