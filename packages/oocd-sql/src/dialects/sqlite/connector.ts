import { SqliteDialect } from 'kysely';
import { openSqliteDatabase } from '../../connect/sqlite.js';
import type { DialectConnector } from '../parts/connector.js';

/** One better-sqlite3 database per driver (SQLite has no pool; WAL, `synchronous=FULL`, busy timeout). */
export const sqliteConnector: DialectConnector = {
  connect: async (url, _credentials, opts) => ({
    dialect: new SqliteDialect({ database: await openSqliteDatabase(url.path ?? url.database, { busyTimeoutMs: opts.busyTimeoutMs }) }),
  }),
};
