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
 * of two reused stage buffers, each written out while the other fills; a write of at least a
 * stage's size when the stage is empty goes to the file as it is. Either way the caller may reuse
 * its buffer as soon as {@link ByteSink.write} resolves.
 */
export class ByteSink {
  readonly #path: string;
  readonly #file: Promise<AtomicFile>;
  /** Two stages: one is filled while the other's write is in flight (I/O overlaps the work). */
  readonly #stages = [Buffer.allocUnsafe(STAGE_BYTES), Buffer.allocUnsafe(STAGE_BYTES)] as const;
  #filling = 0;
  #staged = 0;
  /** The write of the other stage, still running (its error surfaces at the next flush or commit). */
  #inFlight: Promise<void> | undefined;
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
    if (this.#staged === 0 && b.length >= STAGE_BYTES) {
      await this.#settle();
      return this.#put(b);
    }
    for (let from = 0; from < b.length; ) {
      const n = b.copy(this.#stages[this.#filling] as Buffer, this.#staged, from);
      this.#staged += n;
      from += n;
      if (this.#staged === STAGE_BYTES) await this.#flush();
    }
  }

  /** Flushes, fsyncs and renames the file to its final name. */
  async commit(): Promise<void> {
    await this.#flush();
    await this.#settle();
    const f = await this.#open();
    await f.commit().catch((e: Error) => Promise.reject(this.#failure(e)));
  }

  /**
   * Starts the write of the stage being filled and turns to the other one, once that one's earlier
   * write is done. A full stage's write runs on while the caller goes on (the stage is not touched
   * until then); a partial stage (only at commit) may be gathered by AtomicFile: it gets a copy.
   */
  async #flush(): Promise<void> {
    if (this.#staged === 0) return;
    await this.#settle();
    const stage = this.#stages[this.#filling] as Buffer;
    const bytes = this.#staged === STAGE_BYTES ? stage : Buffer.from(stage.subarray(0, this.#staged));
    this.#staged = 0;
    this.#filling = 1 - this.#filling;
    const write = this.#put(bytes);
    write.catch(() => undefined); // awaited by the next #settle
    this.#inFlight = write;
  }

  /** Waits for the write in flight, if any, and reports its failure. */
  async #settle(): Promise<void> {
    const write = this.#inFlight;
    this.#inFlight = undefined;
    await write;
  }

  async #put(bytes: Buffer): Promise<void> {
    const f = await this.#open();
    await f.write(bytes).catch((e: Error) => Promise.reject(this.#failure(e)));
  }

  /** Closes and deletes the temporary file. */
  async abort(): Promise<void> {
    await this.#settle().catch(() => undefined);
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
