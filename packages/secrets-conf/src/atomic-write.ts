import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Small writes are gathered up to this size before they reach the file. */
const GATHER_BYTES = 256 * 1024;

/**
 * A file written under a temporary name beside its target (`.name.<pid>.<random>.tmp`, created
 * exclusively with mode `mode`) and put in place by {@link AtomicFile.commit}: fsync of the file,
 * rename over the target, fsync of the directory. Readers see the old file or the whole new one,
 * never part of it; {@link AtomicFile.abort} (or a crash) leaves the target untouched. Small writes
 * are gathered, so callers may write piece by piece.
 *
 * @example
 * ```ts
 * const f = await AtomicFile.create('/backups/sso.bundle', { mode: 0o600 });
 * try { await f.write(header); await f.write(body); await f.commit(); } catch (e) { await f.abort(); throw e; }
 * ```
 */
export class AtomicFile {
  /** The temporary file's path (it becomes {@link AtomicFile.path} on commit). */
  readonly tmp: string;
  readonly #handle: FileHandle;
  readonly #mode: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #closed = false;

  private constructor(
    readonly path: string,
    tmp: string,
    handle: FileHandle,
    mode: number,
  ) {
    this.tmp = tmp;
    this.#handle = handle;
    this.#mode = mode;
  }

  /** Creates the temporary file for `path` (mode default 0600). Throws the system error when it cannot. */
  static async create(path: string, opts: { mode?: number } = {}): Promise<AtomicFile> {
    const mode = opts.mode ?? 0o600;
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    return new AtomicFile(path, tmp, await open(tmp, 'wx', mode), mode);
  }

  /** Appends bytes (a string as UTF-8). */
  async write(data: string | Buffer): Promise<void> {
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.#pending.push(b);
    this.#pendingBytes += b.length;
    if (this.#pendingBytes >= GATHER_BYTES) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const all = this.#pending.length === 1 ? (this.#pending[0] as Buffer) : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.#handle.writeFile(all);
  }

  /**
   * Flushes, sets the mode exactly (whatever the umask), fsyncs and closes the temporary file:
   * after this only the rename of {@link AtomicFile.commit} is left. Idempotent.
   */
  async seal(): Promise<void> {
    if (this.#closed) return;
    await this.#flush();
    await this.#handle.chmod(this.#mode);
    await this.#handle.sync();
    await this.#close();
  }

  /** Seals the file (if not yet), renames it over the target, fsyncs the directory. */
  async commit(): Promise<void> {
    await this.seal();
    await rename(this.tmp, this.path);
    const dir = await open(dirname(this.path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Closes and deletes the temporary file; the target is left as it was. Safe to call after a failed commit. */
  async abort(): Promise<void> {
    await this.#close().catch(() => undefined);
    await unlink(this.tmp).catch(() => undefined);
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }
}

/**
 * Writes `data` to `path` atomically with {@link AtomicFile}: readers see the old file or the new
 * one, never half; on failure the target is unchanged and no temporary file is left.
 *
 * @example
 * ```ts
 * await writeFileAtomic('/srv/zato/server/config/repo/secrets.conf', text, 0o600);
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const f = await AtomicFile.create(path, { mode });
  try {
    await f.write(data);
    await f.commit();
  } catch (e) {
    await f.abort();
    throw e;
  }
}

/** A file written under a temporary name beside its target, waiting to be renamed into place. */
export interface PreparedFile {
  /** The final path. */
  readonly path: string;
  /** The temporary file holding the new content (fsynced, with its final mode). */
  readonly tmpPath: string;
  /** Renames the temporary file over `path` and fsyncs the directory: the only step left after preparing. */
  commit(): Promise<void>;
  /** Removes the temporary file (the target stays as it was). Safe to call more than once. */
  discard(): Promise<void>;
}

/**
 * The first half of an atomic write: `data` goes into a sealed (fsynced) {@link AtomicFile} beside
 * `path`. Nothing visible changes until {@link PreparedFile.commit}. Use it to make every file
 * change of an operation ready before a database commit, so that after the commit only renames remain.
 *
 * @example
 * ```ts
 * const next = await prepareFileAtomic('/srv/zato/config/repo/secrets.conf', text);
 * try { await commitDatabase(); } catch (e) { await next.discard(); throw e; }
 * await next.commit();
 * ```
 */
export async function prepareFileAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<PreparedFile> {
  const f = await AtomicFile.create(path, { mode });
  try {
    await f.write(data);
    await f.seal();
  } catch (e) {
    await f.abort();
    throw e;
  }
  const discard = () => f.abort();
  return {
    path,
    tmpPath: f.tmp,
    discard,
    commit: async () => {
      try {
        await f.commit();
      } catch (e) {
        await discard();
        throw e;
      }
    },
  };
}
