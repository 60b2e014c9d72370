// The raw-driver baseline: better-sqlite3, mysql2 and pg used directly, with the same settings
// (WAL + synchronous=FULL; FOUND_ROWS off) and the same SQL text the backend runs.
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { mysqlConnectionOptions, postgresConnectionOptions } from '../src/connect/create-pool.js';
import type { PoolCredentials } from '../src/index.js';
import type { ParsedSqlUrl, SqlDialectName } from '../src/url.js';

/** Runs SQL straight through a driver. */
export interface RawClient {
  run(sql: string, params: unknown[]): Promise<unknown> | unknown;
  close(): Promise<void>;
}

export const RAW_CLIENTS: Record<SqlDialectName, (url: ParsedSqlUrl, login: PoolCredentials, pool: number) => RawClient> = {
  sqlite(url) {
    const db = new Database(url.path as string);
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const statements = new Map<string, Database.Statement>();
    return {
      run(sql, params) {
        let s = statements.get(sql);
        if (!s) {
          s = db.prepare(sql);
          statements.set(sql, s);
        }
        return s.reader ? s.all(params) : s.run(params);
      },
      close: async () => {
        db.close();
      },
    };
  },
  mysql(url, login, pool) {
    const p = mysql.createPool({ ...mysqlConnectionOptions(url.hosts[0]!, url, login), connectionLimit: pool });
    return { run: (sql, params) => p.query(sql, params), close: () => p.end() };
  },
  postgres(url, login, pool) {
    const p = new pg.Pool({ ...postgresConnectionOptions(url.hosts[0]!, url, login), max: pool });
    return { run: (sql, params) => p.query(sql, params), close: () => p.end() };
  },
};
