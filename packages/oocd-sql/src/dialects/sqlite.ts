import { SqliteDialect, sql } from 'kysely';
import { openSqliteDatabase } from '../connect/sqlite.js';
import { expiryIndexName } from '../table.js';
import { cteChildKeys } from '../walk.js';
import type { DialectOps } from './dialect-ops.js';
import { affected, deleteExpiredBatch, onConflictCreate, onConflictUpsert } from './on-conflict.js';
import { asIs, databaseReapSession, plainReapBatch } from './reap-session.js';

const code = (e: unknown) => (e as { code?: unknown })?.code;
// Not `instanceof Error`: errors from the native module may come from another realm (jest's vm).
const message = (e: unknown) => String((e as { message?: unknown })?.message ?? '');

/**
 * SQLite (better-sqlite3): TEXT keys with the default BINARY collation (memcmp of UTF-8: byte
 * order, case- and space-exact), WAL, `synchronous=FULL`. Every statement is one autocommit
 * write transaction, serialised across processes by SQLite's write lock (with a busy timeout).
 */
export const sqliteOps: DialectOps = {
  name: 'sqlite',
  connect: (url, _credentials, opts) => ({
    dialect: new SqliteDialect({ database: openSqliteDatabase(url.path ?? url.database, { busyTimeoutMs: opts.busyTimeoutMs }) }),
  }),
  ddl: (table) => [
    `CREATE TABLE IF NOT EXISTS "${table}" (
  entry_key   TEXT    NOT NULL PRIMARY KEY, -- BINARY collation: byte order, exact
  entry_value TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,             -- JSON object of strings
  expires_at  INTEGER NOT NULL              -- Unix epoch milliseconds, UTC
)`,
    `CREATE INDEX IF NOT EXISTS "${expiryIndexName(table)}" ON "${table}" (expires_at)`,
  ],
  keyParam: (key) => key,
  readKey: (raw) => String(raw),
  // SQLite's substr/instr count characters (code points) of TEXT.
  prefixLength: (prefix) => [...prefix].length,
  slashAfter: (key, n) => sql<number>`instr(substr(${key}, ${n} + 1), '/')`,
  concat: (a, b) => sql`(${a} || ${b})`,
  head: (s, n) => sql`substr(${s}, 1, ${n})`,
  asKey: (e) => sql`${e}`,
  childKeys: cteChildKeys,
  upsert: onConflictUpsert,
  createIfAbsent: onConflictCreate,
  created: (r) => affected(r) > 0,
  reapBatch: (db, table) => deleteExpiredBatch(db, table),
  runReapBatch: plainReapBatch,
  reapIsolated: asIs,
  withReapSession: databaseReapSession,
  // No cluster: the processes sharing the file queue on SQLite's own write lock per batch.
  withReapLock: (db, _name, fn) => fn(db),
  isMissingTable: (e) => /no such table/i.test(message(e)),
  isPermissionDenied: (e) => code(e) === 'SQLITE_READONLY' || code(e) === 'SQLITE_PERM',
  isRetryable: () => false,
};
