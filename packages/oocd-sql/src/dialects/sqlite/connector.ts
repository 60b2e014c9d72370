import { SqliteDialect } from 'kysely';
import { openSqlite, withStatementCache } from '../../connect/sqlite.js';
import { sqliteDirectRunner } from '../../connect/sqlite-runner.js';
import type { DialectConnector } from '../parts/connector.js';

/**
 * One better-sqlite3 database per driver (SQLite has no pool; WAL, `synchronous=FULL`, busy
 * timeout), under the Kysely dialect and the direct runner of the per-call path.
 */
export const sqliteConnector: DialectConnector = {
  connect: async (url, _credentials, opts) => {
    const db = await openSqlite(url.path ?? url.database, { busyTimeoutMs: opts.busyTimeoutMs });
    return { dialect: new SqliteDialect({ database: withStatementCache(db, 64) }), runner: sqliteDirectRunner(db) };
  },
};
