import { createHash } from 'node:crypto';
import { errorFactory } from '@authstate/oocd-core';
import type { Kysely } from 'kysely';
import { CompiledQuery, MysqlDialect, sql } from 'kysely';
import { createPool } from '../connect/create-pool.js';
import { mysqlDirectRunner } from '../connect/direct-runner.js';
import { type PreparedQuery, prepare, type QueryRunner } from '../prepared.js';
import type { OocdDatabase } from '../table.js';
import { expiryIndexName } from '../table.js';
import { seekLoopChildKeys } from '../walk.js';
import type { DialectOps, RowParams } from './dialect-ops.js';
import { affected } from './on-conflict.js';
import { connectionReapSession } from './reap-session.js';

const fail = errorFactory('oocd-sql');
const errno = (e: unknown) => (e as { errno?: unknown })?.errno;

/** ER_BINLOG_STMT_MODE_AND_ROW_ENGINE: statement-based binlog refuses DML under READ COMMITTED. */
const BINLOG_NEEDS_REPEATABLE_READ = 1665;

/**
 * The session variable holding the isolation level, on this server: `transaction_isolation`
 * (MariaDB ≥ 11.1, MySQL ≥ 5.7.20; MySQL 8 removed the old name) or `tx_isolation` (every MariaDB,
 * MySQL ≤ 5.7). Prefers the new name when the server has both.
 */
export function pickIsolationVariable(names: readonly string[]): 'transaction_isolation' | 'tx_isolation' {
  const lower = names.map((n) => n.toLowerCase());
  if (lower.includes('transaction_isolation')) return 'transaction_isolation';
  if (lower.includes('tx_isolation')) return 'tx_isolation';
  throw fail('BACKEND', 'The database server has neither transaction_isolation nor tx_isolation; use MariaDB 10.5 or later.');
}

/** Asks the server which isolation variable it has (one `SHOW`, no failing probe query). */
async function isolationVariable(runner: QueryRunner): Promise<string> {
  const { rows } = await runner.executeQuery<{ Variable_name: string }>(
    CompiledQuery.raw("SHOW SESSION VARIABLES WHERE Variable_name IN ('transaction_isolation', 'tx_isolation')"),
  );
  return pickIsolationVariable(rows.map((r) => r.Variable_name));
}

// The variable name comes from pickIsolationVariable (one of two constants), never from input.
const setLevel = (runner: QueryRunner, variable: string, level: string) =>
  runner.executeQuery(CompiledQuery.raw(`SET SESSION ${variable} = ?`, [level]));

/**
 * A whole reap under READ COMMITTED: the reaper's connection is switched for the reap and put
 * back to its own level afterwards. (A one-shot `SET TRANSACTION` is not enough: in autocommit
 * mode MariaDB keeps it pending past the statement, so the next user of the pooled connection
 * would inherit it.) Why READ COMMITTED: under the default REPEATABLE READ, `DELETE … WHERE
 * expires_at <= :now LIMIT n` takes next-key locks on every index record it scans plus the gap
 * after the last one, up to the first live row, until it commits — so a writer inserting an entry
 * whose expiry falls into that gap waits for the whole batch and its commit (fsync). Under READ
 * COMMITTED InnoDB locks only the rows it deletes (no gap locks; the end-of-range record is not
 * locked), so writers of live entries never wait for the reaper. It is also what the seed
 * configures server-wide (`transaction-isolation=READ-COMMITTED`).
 */
async function reapReadCommitted(runner: QueryRunner, fn: (runner: QueryRunner) => Promise<number>): Promise<number> {
  const variable = await isolationVariable(runner);
  const { rows } = await runner.executeQuery<{ lvl: string }>(CompiledQuery.raw(`SELECT @@SESSION.${variable} AS lvl`));
  const own = rows[0]?.lvl ?? 'REPEATABLE-READ';
  await setLevel(runner, variable, 'READ-COMMITTED');
  try {
    return await fn(runner);
  } finally {
    await setLevel(runner, variable, own);
  }
}

/**
 * One batch; a server logging statements (`binlog_format=STATEMENT`) refuses DML under READ
 * COMMITTED: there the rest of the reap runs under REPEATABLE READ.
 */
async function reapBatchOrFallBack(runner: QueryRunner, batch: PreparedQuery<'now' | 'limit'>, args: { now: number; limit: number }) {
  try {
    return await batch.execute(runner, args);
  } catch (e) {
    if (errno(e) !== BINLOG_NEEDS_REPEATABLE_READ) throw e;
    await setLevel(runner, await isolationVariable(runner), 'REPEATABLE-READ');
    return batch.execute(runner, args);
  }
}

/** MariaDB lock names are limited to 64 characters: long ones are hashed. */
export function mysqlLockName(name: string): string {
  return name.length <= 64 ? name : `authstate-${createHash('sha256').update(name).digest('hex').slice(0, 48)}`;
}

const insertRow = (db: Kysely<OocdDatabase>, table: string, p: (n: RowParams) => never) =>
  db.insertInto(table).values({ entry_key: p('key'), entry_value: p('value'), metadata: p('metadata'), expires_at: p('expiresAt') });

const COLUMNS = ['entry_value', 'metadata', 'expires_at'] as const;

/**
 * MariaDB (10.5+ for `DELETE … RETURNING`): VARBINARY(1024) keys — byte-exact, no case folding,
 * no PAD SPACE, and 1024 bytes fit the 3072-byte index limit — bound as bytes; `INSERT … ON
 * DUPLICATE KEY UPDATE` with `IF(expired, new, old)` for `create` (affected rows: 1 inserted,
 * 2 replaced an expired row, 0 left a live row alone; the pool turns FOUND_ROWS off);
 * `GET_LOCK(name, 0)` so one process of a cluster reaps at a time.
 */
export const mysqlOps: DialectOps = {
  name: 'mysql',
  connect: (url, credentials, opts) => {
    const pool = createPool('mysql', url, credentials, opts);
    return { dialect: new MysqlDialect({ pool }), runner: mysqlDirectRunner(pool, url.hosts.length === 1) };
  },
  ddl: (table) => [
    `CREATE TABLE IF NOT EXISTS \`${table}\` (
  \`entry_key\`   VARBINARY(1024) NOT NULL, -- UTF-8 bytes: exact, case- and space-sensitive
  \`entry_value\` LONGTEXT NOT NULL,
  \`metadata\`    MEDIUMTEXT NOT NULL,      -- JSON object of strings
  \`expires_at\`  BIGINT NOT NULL,          -- Unix epoch milliseconds, UTC
  PRIMARY KEY (\`entry_key\`),
  INDEX \`${expiryIndexName(table)}\` (\`expires_at\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  ],
  keyParam: (key) => Buffer.from(key, 'utf8'),
  readKey: (raw) => (typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)),
  // Keys are valid UTF-8 (the core checks them), so the cast is exact.
  keyAsText: (key) => sql<string>`CAST(${key} AS CHAR CHARACTER SET utf8mb4)`,
  // On VARBINARY, SUBSTRING/LOCATE count bytes.
  prefixLength: (prefix) => Buffer.byteLength(prefix, 'utf8'),
  slashAfter: (key, n) => sql<number>`LOCATE('/', SUBSTRING(${key}, ${n} + 1))`,
  concat: (a, b) => sql`CONCAT(${a}, ${b})`,
  head: (s, n) => sql`SUBSTRING(${s}, 1, ${n})`,
  asKey: (e) => sql`${e}`,
  childKeys: seekLoopChildKeys,
  upsert: (db, table) =>
    prepare<RowParams>(db, (p) =>
      insertRow(db, table, p as never).onDuplicateKeyUpdate(Object.fromEntries(COLUMNS.map((c) => [c, sql.raw(`VALUES(\`${c}\`)`)]))),
    ),
  // expires_at is assigned last: MariaDB evaluates the assignments in order, and the IF()s
  // before it must still see the old expiry.
  createIfAbsent: (db, table) =>
    prepare<RowParams | 'now'>(db, (p) =>
      insertRow(db, table, p as never).onDuplicateKeyUpdate(
        Object.fromEntries(COLUMNS.map((c) => [c, sql`IF(\`expires_at\` <= ${p('now')}, VALUES(${sql.ref(c)}), ${sql.ref(c)})`])),
      ),
    ),
  created: (r) => affected(r) > 0,
  reapBatch: (db, table) => prepare<'now' | 'limit'>(db, (p) => db.deleteFrom(table).where('expires_at', '<=', p('now')).limit(p('limit'))),
  runReapBatch: reapBatchOrFallBack,
  reapIsolated: reapReadCommitted,
  withReapSession: connectionReapSession,
  withReapLock: (db, name, fn) =>
    db.connection().execute(async (conn) => {
      const lock = mysqlLockName(name);
      const { rows } = await sql<{ got: number | null }>`SELECT GET_LOCK(${lock}, 0) AS got`.execute(conn);
      if (Number(rows[0]?.got) !== 1) return undefined;
      try {
        return await fn(conn);
      } finally {
        await sql`SELECT RELEASE_LOCK(${lock})`.execute(conn);
      }
    }),
  isMissingTable: (e) => errno(e) === 1146,
  // 1142: table access denied; 1044: database access denied.
  isPermissionDenied: (e) => errno(e) === 1142 || errno(e) === 1044,
  // 1213: deadlock; InnoDB rolled the statement back.
  isRetryable: (e) => errno(e) === 1213,
};
