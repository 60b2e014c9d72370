import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';

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
  }

  /** Appends bytes, waiting when the stream's buffer is full. */
  async write(chunk: Buffer | string): Promise<void> {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }

  /** Flushes, fsyncs, closes and renames the file to its final name. */
  async commit(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#stream.once('error', reject);
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

  /** Closes and deletes the temporary file. */
  async abort(): Promise<void> {
    this.#stream.destroy();
    await rm(this.#tmp, { force: true });
  }
}
