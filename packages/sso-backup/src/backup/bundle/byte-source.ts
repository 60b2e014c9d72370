import { createReadStream } from 'node:fs';

/** Reads exact byte counts from a file stream (frames span the stream's chunks). */
export class ByteSource {
  readonly #it: AsyncIterator<Buffer>;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #done = false;
  /** Bytes handed out so far. */
  offset = 0;

  constructor(path: string) {
    this.#it = (createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** Exactly `n` bytes, or fewer only at the end of the file. */
  async read(n: number): Promise<Buffer> {
    while (this.#buffered < n && !this.#done) {
      const next = await this.#it.next();
      if (next.done) this.#done = true;
      else {
        this.#chunks.push(next.value);
        this.#buffered += next.value.length;
      }
    }
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
    while (this.#buffered === 0 && !this.#done) {
      const next = await this.#it.next();
      if (next.done) this.#done = true;
      else {
        this.#chunks.push(next.value);
        this.#buffered += next.value.length;
      }
    }
    return this.#buffered;
  }

  /** Stops reading (closes the file). */
  async close(): Promise<void> {
    await this.#it.return?.();
  }
}
