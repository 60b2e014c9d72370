import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { fail } from '../errors.js';

/**
 * A file written through a stream with backpressure, to a temporary name (mode 0600) that is
 * renamed into place by {@link ByteSink.commit}, so a failed backup never leaves a partial file
 * under the final name.
 */
export class ByteSink {
  readonly #stream: WriteStream;
  readonly #tmp: string;
  readonly #path: string;
  bytes = 0;

  constructor(path: string) {
    this.#path = path;
    this.#tmp = `${path}.partial-${process.pid}`;
    this.#stream = createWriteStream(this.#tmp, { mode: 0o600, flags: 'w' });
    this.#stream.on('error', (e) => {
      this.#error ??= e;
    });
  }

  #error: Error | undefined;

  /** Appends bytes, waiting when the stream's buffer is full. */
  async write(chunk: Buffer | string): Promise<void> {
    if (this.#error) throw this.#failure(this.#error);
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain').catch((e: Error) => Promise.reject(this.#failure(e)));
  }

  /** Flushes, fsyncs, closes and renames the file to its final name. */
  async commit(): Promise<void> {
    if (this.#error) throw this.#failure(this.#error);
    await new Promise<void>((resolve, reject) => {
      this.#stream.once('error', (e) => reject(this.#failure(e)));
      this.#stream.end(() => resolve());
    });
    const h = await open(this.#tmp, 'r+');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
    await rename(this.#tmp, this.#path);
  }

  #failure(e: Error) {
    return fail('BACKEND', `Cannot write ${this.#path}: ${e.message}. Check the directory exists and is writable.`, e);
  }

  /** Closes and deletes the temporary file. */
  async abort(): Promise<void> {
    this.#stream.destroy();
    await rm(this.#tmp, { force: true });
  }
}
