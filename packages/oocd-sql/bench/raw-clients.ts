// The raw-driver baseline: better-sqlite3, mysql2 and pg used directly, with the same settings
// (WAL + synchronous=FULL; FOUND_ROWS off) and the same SQL text the backend runs.
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { mysqlConnectionOptions, postgresConnectionOptions } from '../src/connect/create-pool.js';
import type { PoolCredentials } from '../src/connect/pool-options.js';
import type { ParsedSqlUrl, SqlDialectName } from '../src/url.js';

/** Runs SQL straight through a driver. */
export interface RawClient {
  run(sql: string, params: unknown[]): Promise<unknown> | unknown;
  /**
   * The plainest hand-written read of one entry, as a user of the driver would write it (the
   * baseline of issue 11): a prepared `SELECT entry_value, metadata, expires_at FROM t WHERE
   * entry_key = ? AND expires_at > ?` returning the row (better-sqlite3 `.get()`).
   */
  plainGet(table: string): (key: unknown, now: number) => Promise<unknown> | unknown;
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
      plainGet(table) {
        const s = db.prepare(`SELECT entry_value, metadata, expires_at FROM "${table}" WHERE entry_key = ? AND expires_at > ?`);
        return (key, now) => s.get(key, now);
      },
      close: async () => {
        db.close();
      },
    };
  },
  mysql(url, login, pool) {
    const p = mysql.createPool({ ...mysqlConnectionOptions(url.hosts[0]!, url, login), connectionLimit: pool });
    return {
      run: (sql, params) => p.query(sql, params),
      plainGet: (table) => async (key, now) =>
        (
          await p.execute(`SELECT entry_value, metadata, expires_at FROM \`${table}\` WHERE entry_key = ? AND expires_at > ?`, [
            key as Buffer,
            now,
          ])
        )[0],
      close: () => p.end(),
    };
  },
  postgres(url, login, pool) {
    const p = new pg.Pool({ ...postgresConnectionOptions(url.hosts[0]!, url, login), max: pool });
    return {
      run: (sql, params) => p.query(sql, params),
      plainGet: (table) => async (key, now) =>
        (await p.query(`SELECT entry_value, metadata, expires_at FROM "${table}" WHERE entry_key = $1 AND expires_at > $2`, [key, now]))
          .rows[0],
      close: () => p.end(),
    };
  },
};
