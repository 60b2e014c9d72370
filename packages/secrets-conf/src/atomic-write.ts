import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
 * The first half of an atomic write: `data` goes into a temporary file in `path`'s directory
 * (mode `mode`), fsynced. Nothing visible changes until {@link PreparedFile.commit}. Use it to
 * make every file change of an operation ready before a database commit, so that after the commit
 * only renames remain.
 *
 * @example
 * ```ts
 * const next = await prepareFileAtomic('/srv/zato/config/repo/secrets.conf', text);
 * try { await commitDatabase(); } catch (e) { await next.discard(); throw e; }
 * await next.commit();
 * ```
 */
export async function prepareFileAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<PreparedFile> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.chmod(mode); // the umask may have narrowed or widened nothing, but be exact
    await fh.sync();
  } catch (e) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  const discard = () => unlink(tmp).catch(() => undefined);
  return {
    path,
    tmpPath: tmp,
    discard,
    commit: async () => {
      try {
        await rename(tmp, path);
      } catch (e) {
        await discard();
        throw e;
      }
      const dir = await open(dirname(path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    },
  };
}

/**
 * Writes `data` to `path` atomically: a temporary file beside it (mode `mode`), fsync, rename
 * over the target, fsync of the directory. Readers see the old file or the new one, never half.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
  await (await prepareFileAtomic(path, data, mode)).commit();
}
