import { createReadStream } from 'node:fs';
import { fail } from '../errors.js';

/**
 * Reads exact byte counts from a file stream (frames span the stream's chunks). A file that cannot
 * be read is NOT_FOUND (missing) or BACKEND (anything else), naming the file.
 */
export class ByteSource {
  readonly #it: AsyncIterator<Buffer>;
  readonly #path: string;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #done = false;
  /** Bytes handed out so far. */
  offset = 0;

  constructor(path: string) {
    this.#path = path;
    this.#it = (createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** Exactly `n` bytes, or fewer only at the end of the file. */
  async read(n: number): Promise<Buffer> {
    while (this.#buffered < n && !this.#done) await this.#pull();
    const all = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks);
    const take = Math.min(n, all.length);
    const out = all.subarray(0, take);
    const rest = all.subarray(take);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    this.offset += take;
    return out;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return (await this.peekSome()) === 0;
  }

  private async peekSome(): Promise<number> {
    while (this.#buffered === 0 && !this.#done) await this.#pull();
    return this.#buffered;
  }

  async #pull(): Promise<void> {
    let next: IteratorResult<Buffer>;
    try {
      next = await this.#it.next();
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      throw fail(
        missing ? 'NOT_FOUND' : 'BACKEND',
        `Cannot read ${this.#path}: ${missing ? 'no such file' : (e as Error).message}. Check the path.`,
        e,
      );
    }
    if (next.done) this.#done = true;
    else {
      this.#chunks.push(next.value);
      this.#buffered += next.value.length;
    }
  }

  /** Stops reading (closes the file). */
  async close(): Promise<void> {
    await this.#it.return?.();
  }
}
