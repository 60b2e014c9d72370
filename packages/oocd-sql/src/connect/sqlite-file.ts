import { closeSync, constants, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('oocd-sql');

/** Mode of a database file this backend creates: owner read/write only (entries may be secrets). */
export const SQLITE_FILE_MODE = 0o600;

/**
 * Gets a SQLite database path ready before the driver opens it: its directory must exist (named in
 * the error with what to do, instead of SQLite's "directory does not exist" without a path), and a
 * file that does not exist yet is created empty with mode 0600 — SQLite then gives its `-wal` and
 * `-shm` files the same mode. An existing file keeps its mode. `:memory:` and `''` (temporary
 * databases) are left alone.
 *
 * @throws AuthstateError `CONFIG` when the directory is missing or is not a directory.
 */
export function prepareSqliteFile(path: string): void {
  if (path === ':memory:' || path === '') return;
  const dir = dirname(resolve(path));
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    throw fail(
      'CONFIG',
      `Cannot open SQLite database ${JSON.stringify(path)}: its directory ${JSON.stringify(dir)} does not exist. ` +
        `Create it (mkdir -p ${JSON.stringify(dir)}, writable by this user) or point \`url\` at a file in an existing directory.`,
      e,
    );
  }
  if (!isDir) throw fail('CONFIG', `Cannot open SQLite database ${JSON.stringify(path)}: ${JSON.stringify(dir)} is not a directory.`);
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR, SQLITE_FILE_MODE));
  } catch {
    // EEXIST: it exists already (or another process created it a moment ago): keep it as it is.
    // Anything else (no write permission…) is left to SQLite, whose error then says what failed.
  }
}
