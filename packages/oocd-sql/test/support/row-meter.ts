// How many rows / index entries the statements a driver runs really touch, from each engine's own
// counters. A meter gives the Kysely instance to open the driver on (`SqlOocdDriver.openWith`), so
// it counts exactly what the driver ran:
// - MariaDB: `SHOW SESSION STATUS LIKE 'Handler_read%'` deltas on the pool's single connection
//   (every handler call the storage engine made for us: seeks, next/prev steps, scans);
// - PostgreSQL: every statement the driver ran (Kysely's query log) again under
//   `EXPLAIN (ANALYZE, FORMAT JSON)` with the same parameters, summing the rows each scan node of
//   the table produced or filtered out, times its loops;
// - SQLite: the table is a view over the real table whose WHERE calls a counting function, which
//   SQLite evaluates once per row its index search visits (the view is flattened into the
//   query, so the search still uses the key index — `plans` shows it).

import type { OocdConfig } from '@authstate/oocd-core';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, type Logger, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createPool } from '../../src/connect/create-pool.js';
import { withStatementCache } from '../../src/connect/sqlite.js';
import { SqlOocdDriver } from '../../src/index.js';
import { readSqlSettings } from '../../src/options.js';
import type { OocdDatabase } from '../../src/table.js';
import { randomTable, type Target, type TargetKind } from './targets.js';

/** A driver whose reads can be counted. */
export interface RowMeter {
  /** The driver, on the table of {@link RowMeter.rowsConfig} (SQLite: a counting view of it). */
  driver: SqlOocdDriver;
  /** The config of the table that holds the rows (seed it with `insertKeys`/`seedRows`). */
  rowsConfig: OocdConfig;
  /** Runs `fn` and returns how many rows / index entries its statements touched. */
  touched(fn: () => Promise<unknown>): Promise<number>;
  /** The query plans (SQLite: EXPLAIN QUERY PLAN details) of the statements `fn` ran. */
  plans(fn: () => Promise<unknown>): Promise<string[]>;
  close(): Promise<void>;
}

/** A meter on a fresh table of `target`. */
export async function openRowMeter(target: Target): Promise<RowMeter> {
  return METERS[target.kind](target);
}

/** Records the statements run through a Kysely instance while `fn` runs. */
function recorder() {
  let log: CompiledQuery[] | undefined;
  return {
    onQuery: (q: CompiledQuery) => log?.push(q),
    async during(fn: () => Promise<unknown>): Promise<CompiledQuery[]> {
      log = [];
      try {
        await fn();
        return log;
      } finally {
        log = undefined;
      }
    },
  };
}

const logTo =
  (onQuery: (q: CompiledQuery) => void): Logger =>
  (event) => {
    if (event.level === 'query') onQuery(event.query);
  };

const METERS: Record<TargetKind, (target: Target) => Promise<RowMeter>> = {
  async sqlite(target) {
    const table = randomTable();
    const rowsTable = `${table}_rows`;
    const realConfig = target.config(rowsTable);
    await (await SqlOocdDriver.open(realConfig)).close(); // the real table, with the backend's DDL
    const raw = new Database(target.database);
    let visits = 0;
    raw.function('oocd_visit', { deterministic: false, varargs: false }, () => {
      visits++;
      return 1;
    });
    raw.exec(`CREATE VIEW "${table}" AS SELECT * FROM "${rowsTable}" WHERE oocd_visit()`);
    const rec = recorder();
    const db = new Kysely<OocdDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(raw, 64) }), log: logTo(rec.onQuery) });
    const driver = await SqlOocdDriver.openWith(db, target.config(table));
    return {
      driver,
      rowsConfig: realConfig,
      async touched(fn) {
        const before = visits;
        await fn();
        return visits - before;
      },
      async plans(fn) {
        const queries = await rec.during(fn);
        return queries.flatMap((q) =>
          (raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail),
        );
      },
      close: () => driver.close(),
    };
  },

  async mariadb(target) {
    const config = target.config(randomTable());
    const s = readSqlSettings(config);
    // One connection: the session counters are the driver's own.
    const db = new Kysely<OocdDatabase>({ dialect: new MysqlDialect({ pool: await createPool('mysql', s.url, s.data, { max: 1 }) }) });
    const driver = await SqlOocdDriver.openWith(db, config);
    const handlerReads = async () => {
      const { rows } = await sql<{ Variable_name: string; Value: string }>`SHOW SESSION STATUS LIKE 'Handler_read%'`.execute(db);
      return rows.reduce((sum, r) => sum + Number(r.Value), 0);
    };
    // What reading the counters costs by itself (SHOW STATUS reads a temporary table).
    const a = await handlerReads();
    const own = (await handlerReads()) - a;
    return {
      driver,
      rowsConfig: config,
      async touched(fn) {
        const before = await handlerReads();
        await fn();
        return (await handlerReads()) - before - own;
      },
      plans: async () => [],
      close: () => driver.close(),
    };
  },

  async postgres(target) {
    const config = target.config(randomTable());
    const s = readSqlSettings(config);
    const rec = recorder();
    const db = new Kysely<OocdDatabase>({
      dialect: new PostgresDialect({ pool: await createPool('postgres', s.url, s.data, { max: 1 }) }),
      log: logTo(rec.onQuery),
    });
    const driver = await SqlOocdDriver.openWith(db, config);
    const explain = async (q: CompiledQuery) => {
      const { rows } = await db.executeQuery<{ 'QUERY PLAN': PgPlanRoot[] }>(
        CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${q.sql}`, [...q.parameters]),
      );
      return rows[0]?.['QUERY PLAN'][0]?.Plan as PgPlan;
    };
    return {
      driver,
      rowsConfig: config,
      async touched(fn) {
        const queries = await rec.during(fn);
        let total = 0;
        for (const q of queries) total += tableRows(await explain(q), s.table);
        return total;
      },
      async plans(fn) {
        const queries = await rec.during(fn);
        return Promise.all(queries.map(async (q) => JSON.stringify(await explain(q))));
      },
      close: () => driver.close(),
    };
  },
};

interface PgPlan {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PgPlan[];
}
interface PgPlanRoot {
  Plan: PgPlan;
}

/**
 * Rows the scan nodes on `table` produced or threw away, over all their loops (PostgreSQL reports
 * per-loop averages).
 */
function tableRows(plan: PgPlan, table: string): number {
  const own =
    plan['Relation Name'] === table
      ? (plan['Actual Rows'] + (plan['Rows Removed by Filter'] ?? 0) + (plan['Rows Removed by Index Recheck'] ?? 0)) * plan['Actual Loops']
      : 0;
  return own + (plan.Plans ?? []).reduce((sum, p) => sum + tableRows(p, table), 0);
}
