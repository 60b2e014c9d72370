import type { CompiledQuery, MysqlOkPacket, MysqlPool, PostgresPool, QueryResult } from 'kysely';
import type { PgTypeParsers } from '../driver-shapes.js';
import type { QueryRunner } from '../prepared.js';

// The hot path of every call: a statement compiled once by Kysely, run straight on the pool the
// Kysely dialect uses — take a connection, query, release, exactly as Kysely's MySQL and
// PostgreSQL drivers do, and the same result shape — without Kysely's executor layers around it
// (connection provider, runtime driver, plugin pass: about ten promises and async frames per
// call, a few per cent of the client's CPU per `get`). Fail-over pools work unchanged: they are
// used through the same pool interface, so their connections still record failures.

/**
 * A runner that can also return the rows of a select as arrays in select-list order: cheaper for
 * the client library to build than objects (MariaDB/PostgreSQL with a single host; fail-over
 * pools keep the object form their wrappers know).
 */
export interface DirectRunner extends QueryRunner {
  executeArrays?(query: CompiledQuery): Promise<unknown[][]>;
}

type MysqlArrayQuery = (
  options: { sql: string; rowsAsArray: true },
  values: readonly unknown[],
  callback: (error: unknown, rows: unknown) => void,
) => void;

/** A runner on a mysql2 pool (`arrays`: it is mysql2's own, so rows may be asked for as arrays). */
export function mysqlDirectRunner(pool: MysqlPool, arrays: boolean): DirectRunner {
  const runner: DirectRunner = {
    executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      return new Promise((resolve, reject) => {
        pool.getConnection((error, conn) => {
          if (error) {
            reject(error);
            return;
          }
          conn.query(query.sql, query.parameters as unknown[], (e, result) => {
            conn.release();
            if (e) reject(e);
            else resolve(mysqlResult<R>(result));
          });
        });
      });
    },
  };
  if (arrays) {
    runner.executeArrays = (query) =>
      new Promise((resolve, reject) => {
        pool.getConnection((error, conn) => {
          if (error) {
            reject(error);
            return;
          }
          (conn.query as unknown as MysqlArrayQuery).call(conn, { sql: query.sql, rowsAsArray: true }, query.parameters, (e, rows) => {
            conn.release();
            if (e) reject(e);
            else resolve(rows as unknown[][]);
          });
        });
      });
  }
  return runner;
}

function mysqlResult<R>(result: MysqlOkPacket | Record<string, unknown>[]): QueryResult<R> {
  if (Array.isArray(result)) return { rows: result as R[] };
  const ok = result as Partial<MysqlOkPacket> | undefined;
  if (ok && typeof ok.affectedRows === 'number') return { rows: [], numAffectedRows: BigInt(ok.affectedRows) };
  return { rows: [] };
}

// Array rows with BIGINT (oid 20) read as a number: epoch milliseconds fit exactly (year 9999 is
// below 2^53), and pg's default keeps int8 as a string after a regular-expression test.
const INT8 = 20;
type ArrayTypes = { getTypeParser: (oid: number, format?: 'text' | 'binary') => unknown };
const arrayTypes = (types: PgTypeParsers): ArrayTypes => ({
  getTypeParser: (oid, format) => (oid === INT8 ? Number : types.getTypeParser(oid, format as 'text')),
});
type PgArrayQuery = (config: { text: string; values: readonly unknown[]; rowMode: 'array'; types: ArrayTypes }) => Promise<{
  rows: unknown[][];
}>;

/**
 * A runner on a pg pool. `types`: the pg module's type parsers when the pool is pg's own, so rows
 * may be asked for as arrays (absent: object rows only).
 */
export function postgresDirectRunner(pool: PostgresPool, types: PgTypeParsers | undefined): DirectRunner {
  const runner: DirectRunner = {
    async executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      const client = await pool.connect();
      try {
        const { command, rowCount, rows } = await client.query<R>(query.sql, query.parameters);
        const writes = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
        return writes ? { rows: rows ?? [], numAffectedRows: BigInt(rowCount ?? 0) } : { rows: rows ?? [] };
      } finally {
        client.release();
      }
    },
  };
  if (types) {
    const parsers = arrayTypes(types);
    runner.executeArrays = async (query) => {
      const client = await pool.connect();
      try {
        const query_ = client.query as unknown as PgArrayQuery;
        return (await query_.call(client, { text: query.sql, values: query.parameters, rowMode: 'array', types: parsers })).rows;
      } finally {
        client.release();
      }
    };
  }
  return runner;
}
