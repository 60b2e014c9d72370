import type { CompiledQuery, MysqlOkPacket, MysqlPool, PostgresPool, QueryResult } from 'kysely';
import type { QueryRunner } from '../prepared.js';

// The hot path of every call: a statement compiled once by Kysely, run straight on the pool the
// Kysely dialect uses — take a connection, query, release, exactly as Kysely's MySQL and
// PostgreSQL drivers do, and the same result shape — without Kysely's executor layers around it
// (connection provider, runtime driver, plugin pass: about ten promises and async frames per
// call, a few per cent of the client's CPU per `get`). Fail-over pools work unchanged: they are
// used through the same pool interface, so their connections still record failures.

/** A runner on a mysql2 (or fail-over) pool. */
export function mysqlDirectRunner(pool: MysqlPool): QueryRunner {
  return {
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
}

function mysqlResult<R>(result: MysqlOkPacket | Record<string, unknown>[]): QueryResult<R> {
  if (Array.isArray(result)) return { rows: result as R[] };
  const ok = result as Partial<MysqlOkPacket> | undefined;
  if (ok && typeof ok.affectedRows === 'number') return { rows: [], numAffectedRows: BigInt(ok.affectedRows) };
  return { rows: [] };
}

/** A runner on a pg (or fail-over) pool. */
export function postgresDirectRunner(pool: PostgresPool): QueryRunner {
  return {
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
}
