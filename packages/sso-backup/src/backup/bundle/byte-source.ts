import { type FileHandle, open } from 'node:fs/promises';
import { fail } from '../errors.js';

/** Bytes read ahead for small reads (frame heads, headers). */
const AHEAD_BYTES = 64 * 1024;

/**
 * Reads exact byte counts from a file. A large read (a frame's payload) goes straight from the
 * file into one buffer of exactly its size — no stream chunks to concatenate, no copy kept alive
 * beside it; small reads are served from a reused read-ahead buffer. A file that cannot be read is
 * NOT_FOUND (missing) or BACKEND (anything else), naming the file.
 */
export class ByteSource {
  readonly #path: string;
  #file: Promise<FileHandle> | undefined;
  readonly #ahead = Buffer.allocUnsafe(AHEAD_BYTES);
  #aheadStart = 0;
  #aheadEnd = 0;
  #eof = false;
  /** Bytes handed out so far. */
  offset = 0;

  constructor(path: string) {
    this.#path = path;
  }

  /**
   * Exactly `n` bytes, or fewer only at the end of the file: in a buffer of their own, or in
   * `into` (a scratch buffer the caller reuses) when it is large enough.
   */
  async read(n: number, into?: Buffer): Promise<Buffer> {
    const out = into && into.length >= n ? into.subarray(0, n) : Buffer.allocUnsafe(n);
    let got = this.#fromAhead(out, 0, n);
    if (got < n && n - got >= AHEAD_BYTES) got += await this.#fill(out, got, n - got);
    while (got < n && !this.#eof) {
      this.#aheadStart = 0;
      this.#aheadEnd = await this.#fill(this.#ahead, 0, AHEAD_BYTES);
      got += this.#fromAhead(out, got, n - got);
    }
    this.offset += got;
    return got < n ? out.subarray(0, got) : out;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    if (this.#aheadEnd > this.#aheadStart) return false;
    if (this.#eof) return true;
    this.#aheadStart = 0;
    this.#aheadEnd = await this.#fill(this.#ahead, 0, AHEAD_BYTES);
    return this.#aheadEnd === 0;
  }

  /** Stops reading (closes the file). */
  async close(): Promise<void> {
    const f = await this.#file?.catch(() => undefined);
    await f?.close();
  }

  #fromAhead(out: Buffer, at: number, want: number): number {
    const n = Math.min(want, this.#aheadEnd - this.#aheadStart);
    if (n <= 0) return 0;
    this.#ahead.copy(out, at, this.#aheadStart, this.#aheadStart + n);
    this.#aheadStart += n;
    return n;
  }

  /** Reads up to `want` bytes into `buf` at `at` (fewer only at the end of the file). */
  async #fill(buf: Buffer, at: number, want: number): Promise<number> {
    let got = 0;
    try {
      this.#file ??= open(this.#path, 'r');
      const f = await this.#file;
      while (got < want) {
        const { bytesRead } = await f.read(buf, at + got, want - got, null);
        if (bytesRead === 0) {
          this.#eof = true;
          break;
        }
        got += bytesRead;
      }
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      throw fail(
        missing ? 'NOT_FOUND' : 'BACKEND',
        `Cannot read ${this.#path}: ${missing ? 'no such file' : (e as Error).message}. Check the path.`,
        e,
      );
    }
    return got;
  }
}
