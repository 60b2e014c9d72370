import { AtomicFile } from '@authstate/secrets-conf';
import { fail } from '../errors.js';

/**
 * The bundle or dump file of a backup, written through the one atomic writer of authstate
 * ({@link AtomicFile}: a temporary name with pid and random part, mode 0600, fsync, rename, fsync
 * of the directory), so a failed backup never leaves a partial file under the final name.
 * Failures are BACKEND errors naming the file.
 */
export class ByteSink {
  readonly #path: string;
  readonly #file: Promise<AtomicFile>;
  bytes = 0;

  constructor(path: string) {
    this.#path = path;
    this.#file = AtomicFile.create(path, { mode: 0o600 });
    this.#file.catch(() => undefined); // reported by the first write or commit
  }

  /** Appends bytes. */
  async write(chunk: Buffer | string): Promise<void> {
    const f = await this.#open();
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    await f.write(chunk).catch((e: Error) => Promise.reject(this.#failure(e)));
  }

  /** Flushes, fsyncs and renames the file to its final name. */
  async commit(): Promise<void> {
    const f = await this.#open();
    await f.commit().catch((e: Error) => Promise.reject(this.#failure(e)));
  }

  /** Closes and deletes the temporary file. */
  async abort(): Promise<void> {
    const f = await this.#file.catch(() => undefined);
    await f?.abort();
  }

  async #open(): Promise<AtomicFile> {
    return this.#file.catch((e: Error) => Promise.reject(this.#failure(e)));
  }

  #failure(e: Error) {
    return fail('BACKEND', `Cannot write ${this.#path}: ${e.message}. Check the directory exists and is writable.`, e);
  }
}
