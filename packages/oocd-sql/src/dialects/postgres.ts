import { createHash } from 'node:crypto';
import { PostgresDialect, sql } from 'kysely';
import { createPool } from '../connect/create-pool.js';
import { postgresDirectRunner } from '../connect/direct-runner.js';
import { expiryIndexName } from '../table.js';
import { cteChildKeys } from '../walk.js';
import type { DialectOps } from './dialect-ops.js';
import { affected, deleteExpiredBatch, onConflictCreate, onConflictUpsert } from './on-conflict.js';
import { asIs, connectionReapSession, plainReapBatch } from './reap-session.js';

const code = (e: unknown) => (e as { code?: unknown })?.code;

/** Two int4 keys for `pg_try_advisory_lock(int, int)`, derived from the lock name. */
export function advisoryLockKeys(name: string): [number, number] {
  const h = createHash('sha256').update(name).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
}

/**
 * PostgreSQL: TEXT keys with `COLLATE "C"` (byte order, so range scans use the primary-key
 * index), `ON CONFLICT … WHERE` for `create`, `DELETE … RETURNING` for `take`, and
 * `pg_try_advisory_lock` so one process of a cluster reaps at a time. The database must be UTF8.
 */
export const postgresOps: DialectOps = {
  name: 'postgres',
  connect: (url, credentials, opts) => {
    const pool = createPool('postgres', url, credentials, opts);
    return { dialect: new PostgresDialect({ pool }), runner: postgresDirectRunner(pool, url.hosts.length === 1) };
  },
  ddl: (table) => [
    `CREATE TABLE IF NOT EXISTS "${table}" (
  entry_key   TEXT COLLATE "C" NOT NULL PRIMARY KEY, -- byte order, exact
  entry_value TEXT   NOT NULL,
  metadata    TEXT   NOT NULL,                      -- JSON object of strings
  expires_at  BIGINT NOT NULL                       -- Unix epoch milliseconds, UTC
)`,
    `CREATE INDEX IF NOT EXISTS "${expiryIndexName(table)}" ON "${table}" (expires_at)`,
  ],
  keyParam: (key) => key,
  readKey: (raw) => String(raw),
  // PostgreSQL's substr/strpos count characters of a UTF8 database.
  prefixLength: (prefix) => [...prefix].length,
  slashAfter: (key, n) => sql<number>`strpos(substr(${key}, cast(${n} as integer) + 1), '/')`,
  concat: (a, b) => sql`(${a} || ${b})`,
  head: (s, n) => sql`substr(${s}, 1, ${n})`,
  asKey: (e) => sql`(cast(${e} as text) COLLATE "C")`,
  childKeys: cteChildKeys,
  upsert: onConflictUpsert,
  createIfAbsent: onConflictCreate,
  created: (r) => affected(r) > 0,
  // SKIP LOCKED: rows a writer holds are left for the next run instead of waiting for it.
  reapBatch: (db, table) => deleteExpiredBatch(db, table, (q) => q.forUpdate().skipLocked()),
  runReapBatch: plainReapBatch,
  reapIsolated: asIs,
  withReapSession: connectionReapSession,
  withReapLock: (db, name, fn) =>
    db.connection().execute(async (conn) => {
      const [a, b] = advisoryLockKeys(name);
      const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_lock(${a}, ${b}) AS got`.execute(conn);
      if (!rows[0]?.got) return undefined;
      try {
        return await fn(conn);
      } finally {
        await sql`SELECT pg_advisory_unlock(${a}, ${b})`.execute(conn);
      }
    }),
  isMissingTable: (e) => code(e) === '42P01',
  isPermissionDenied: (e) => code(e) === '42501',
  // Deadlock or serialization failure: the statement was rolled back as a whole.
  isRetryable: (e) => code(e) === '40P01' || code(e) === '40001',
};
