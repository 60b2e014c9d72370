import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { loadBetterSqlite3 } from './drivers.js';
import { prepareSqliteFile } from './sqlite-file.js';

/** Options of {@link openSqliteDatabase}. */
export interface SqliteOpenOptions {
  /** How long a writer waits for another process's write lock, in ms (default 10 000). */
  busyTimeoutMs?: number;
  /** Prepared statements kept per connection (default 64). */
  statementCache?: number;
}

/**
 * Opens a SQLite database file for the OOCD: WAL journal (readers never block the writer),
 * `synchronous=FULL` (a committed write survives power loss, like fsync after every write) and a
 * busy timeout so processes sharing the file queue for the write lock instead of failing. A new
 * file is created with mode 0600; a missing directory is a `CONFIG` error naming it.
 * Statements are prepared once and reused (Kysely's SQLite driver prepares on every query).
 * better-sqlite3 is loaded on the first call (an optional peer).
 *
 * @example
 * ```ts
 * const db = new Kysely({ dialect: new SqliteDialect({ database: await openSqliteDatabase('/var/lib/oocd.sqlite') }) });
 * ```
 */
export async function openSqliteDatabase(path: string, opts: SqliteOpenOptions = {}): Promise<SqliteDatabase> {
  return withStatementCache(await openSqlite(path, opts), opts.statementCache ?? 64);
}

/** The better-sqlite3 database under {@link openSqliteDatabase}, with the same settings. */
export async function openSqlite(path: string, opts: SqliteOpenOptions = {}): Promise<Database.Database> {
  prepareSqliteFile(path);
  const Sqlite = await loadBetterSqlite3();
  const db = new Sqlite(path);
  db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 10_000)}`);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** Wraps a database so that `prepare(sql)` returns a cached statement for SQL seen before. */
export function withStatementCache(db: Database.Database, size: number): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close: () => db.close(),
  };
}
