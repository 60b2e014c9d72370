import { AtomicFile } from '@authstate/secrets-conf';
import { fail } from '../errors.js';

/**
 * Bytes gathered before they go to the file: far above the 256 KiB below which `AtomicFile` would
 * gather (and `Buffer.concat`) writes itself, so every write it gets goes straight to the file.
 */
const STAGE_BYTES = 1024 * 1024;

/**
 * The bundle or dump file of a backup, written through the one atomic writer of authstate
 * ({@link AtomicFile}: a temporary name with pid and random part, mode 0600, fsync, rename, fsync
 * of the directory), so a failed backup never leaves a partial file under the final name.
 * Failures are BACKEND errors naming the file. Small writes (frame heads) are copied into one
 * reused stage buffer; a write of at least a stage's size when the stage is empty goes to the file
 * as it is. Either way the caller may reuse its buffer as soon as {@link ByteSink.write} resolves.
 */
export class ByteSink {
  readonly #path: string;
  readonly #file: Promise<AtomicFile>;
  readonly #stage = Buffer.allocUnsafe(STAGE_BYTES);
  #staged = 0;
  bytes = 0;

  constructor(path: string) {
    this.#path = path;
    this.#file = AtomicFile.create(path, { mode: 0o600 });
    this.#file.catch(() => undefined); // reported by the first write or commit
  }

  /** Appends bytes; `chunk` is not referenced once this resolves. */
  async write(chunk: Buffer | string): Promise<void> {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.bytes += b.length;
    if (this.#staged === 0 && b.length >= STAGE_BYTES) return this.#put(b);
    for (let from = 0; from < b.length; ) {
      const n = b.copy(this.#stage, this.#staged, from);
      this.#staged += n;
      from += n;
      if (this.#staged === STAGE_BYTES) await this.#flush();
    }
  }

  /** Flushes, fsyncs and renames the file to its final name. */
  async commit(): Promise<void> {
    await this.#flush();
    const f = await this.#open();
    await f.commit().catch((e: Error) => Promise.reject(this.#failure(e)));
  }

  /** Writes the stage out (a full stage goes to the file before this resolves, so it can be refilled). */
  async #flush(): Promise<void> {
    if (this.#staged === 0) return;
    // A partial stage (only at commit) may be gathered by AtomicFile: hand it a copy.
    const full = this.#staged === STAGE_BYTES;
    const bytes = full ? this.#stage : Buffer.from(this.#stage.subarray(0, this.#staged));
    this.#staged = 0;
    await this.#put(bytes);
  }

  async #put(bytes: Buffer): Promise<void> {
    const f = await this.#open();
    await f.write(bytes).catch((e: Error) => Promise.reject(this.#failure(e)));
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
