import type Database from 'better-sqlite3';
import type { CompiledQuery, QueryResult } from 'kysely';
import type { DirectRunner } from './direct-runner.js';

type Statement = Database.Statement<unknown[], unknown>;

/**
 * A runner on the better-sqlite3 database under the Kysely dialect: the per-call path of the
 * SQLite driver (issue 11). Kysely's SQLite driver takes a mutex, walks its executor layers and
 * re-prepares per query; better-sqlite3 runs synchronously, so a call here is just the cached
 * prepared statement, run once — and reads of entries come back as arrays (`raw` mode: no object
 * per row). Same connection as Kysely's (so the same transaction state; the driver runs no
 * multi-statement transaction on SQLite), and the same result shapes as Kysely's driver. The
 * statement caches only ever hold the driver's own fixed set of statements.
 */
export function sqliteDirectRunner(db: Database.Database): DirectRunner {
  const objects = new Map<string, Statement>();
  const arrays = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let stmt = objects.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      objects.set(sql, stmt);
    }
    return stmt;
  };
  return {
    async executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      const stmt = prepared(query.sql);
      const params = query.parameters as unknown[];
      if (stmt.reader) return { rows: stmt.all(params) as R[] };
      const { changes, lastInsertRowid } = stmt.run(params);
      return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
    },
    async executeArrays(query: CompiledQuery): Promise<unknown[][]> {
      let stmt = arrays.get(query.sql);
      if (!stmt) {
        stmt = db.prepare(query.sql).raw(true);
        arrays.set(query.sql, stmt);
      }
      return stmt.all(query.parameters as unknown[]) as unknown[][];
    },
  };
}
