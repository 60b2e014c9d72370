import type { OocdConfig, OocdDriver, OocdEntry } from '@authstate/oocd-core';
import { Kysely } from 'kysely';
import type { DirectRunner } from './connect/direct-runner.js';
import { DIALECTS, type DialectOps } from './dialects/index.js';
import { withFailoverRetry } from './failover/index.js';
import { branchRange, childName } from './key-range.js';
import { readSqlSettings, type SqlSettings } from './options.js';
import type { PreparedQuery, QueryRunner } from './prepared.js';
import { arrayToEntry, rowParams, rowToEntry } from './row.js';
import { ensureTable } from './setup.js';
import { buildStatements, type Statements } from './statements.js';
import type { OocdDatabase } from './table.js';
import { walkArgs } from './walk.js';

/** How often a statement the server rolled back (deadlock) is tried again. */
const RETRIES = 5;

/**
 * The name of the cluster-wide reaper lock of a table (PostgreSQL hashes it into an advisory-lock
 * key, MariaDB uses it with `GET_LOCK`): one per database and table.
 */
export const reapLockName = (database: string, table: string) => `authstate-oocd-reap:${database}:${table}`;

/**
 * The SQL OOCD driver (SQLite, MariaDB, PostgreSQL through Kysely). Open it with
 * {@link SqlOocdDriver.open} (or `openOocd({ class: 'sql', url, … })`); the core wraps it into the
 * public service.
 *
 * @example
 * ```ts
 * const driver = await SqlOocdDriver.open({ url: 'sqlite:/tmp/oocd.sqlite' });
 * const oocd = createOocdService(driver);
 * ```
 */
export class SqlOocdDriver implements OocdDriver {
  readonly name: string;
  readonly defaultReaperIntervalSec = 60;
  readonly #db: Kysely<OocdDatabase>;
  /** What runs the per-call statements: the dialect's direct runner on the pool, else Kysely. */
  readonly #run: QueryRunner;
  /** Reads entries as array rows when the runner can. */
  readonly #arrays: DirectRunner['executeArrays'];
  readonly #ops: DialectOps;
  readonly #st: Statements;
  readonly #settings: SqlSettings;
  readonly #lockName: string;

  private constructor(db: Kysely<OocdDatabase>, ops: DialectOps, settings: SqlSettings, runner: DirectRunner | undefined) {
    this.#db = db;
    this.#run = runner ?? db;
    this.#arrays = runner?.executeArrays;
    this.#ops = ops;
    this.#settings = settings;
    this.#st = buildStatements(db, settings.table, ops);
    this.name = `sql:${ops.name}`;
    this.#lockName = reapLockName(settings.url.database, settings.table);
  }

  /**
   * Connects as the data user, creates the table first if needed (see `automaticDbSchemaSetup`)
   * and returns the driver.
   *
   * @throws AuthstateError `CONFIG` for a bad URL, a missing table or missing grants; `BACKEND`
   * when the database cannot be reached.
   */
  static async open(config: OocdConfig): Promise<SqlOocdDriver> {
    const settings = readSqlSettings(config);
    const ops = DIALECTS[settings.url.dialect];
    const { dialect, runner } = ops.connect(settings.url, settings.data, {
      max: settings.poolSize,
      config,
      purpose: 'data',
      busyTimeoutMs: settings.busyTimeoutMs,
    });
    return SqlOocdDriver.openWith(new Kysely<OocdDatabase>({ dialect }), config, runner);
  }

  /**
   * Like {@link SqlOocdDriver.open}, on a Kysely instance the caller made for the dialect of
   * `config.url` (tests use it to watch the statements the driver runs and the session they run
   * on). The driver owns `db` from then on: `close()` destroys it. `runner`, if given, runs the
   * per-call statements instead of `db` (it must use the same connections).
   */
  static async openWith(db: Kysely<OocdDatabase>, config: OocdConfig, runner?: DirectRunner): Promise<SqlOocdDriver> {
    const settings = readSqlSettings(config);
    const ops = DIALECTS[settings.url.dialect];
    const driver = new SqlOocdDriver(db, ops, settings, runner);
    try {
      await ensureTable(driver.#db, driver.#st.probe, ops, settings);
    } catch (e) {
      await driver.close();
      throw e;
    }
    // With several hosts, operations whose host died are retried on the next one if idempotent.
    // One host: nothing to retry on, so no wrapper (it would only add a layer to every call).
    return settings.url.hosts.length > 1 ? withFailoverRetry(driver) : driver;
  }

  /** The table this driver works on. */
  get table(): string {
    return this.#settings.table;
  }

  async get(key: string, now: Date): Promise<OocdEntry | undefined> {
    return (await this.#entries(this.#st.get, { key: this.#ops.keyParam(key), now: now.getTime() }))[0];
  }

  async set(entry: OocdEntry): Promise<void> {
    await this.#retry(() => this.#st.set.execute(this.#run, rowParams(entry, this.#ops)));
  }

  async create(entry: OocdEntry, now: Date): Promise<boolean> {
    const result = await this.#retry(() => this.#st.create.execute(this.#run, { ...rowParams(entry, this.#ops), now: now.getTime() }));
    return this.#ops.created(result);
  }

  async take(key: string, now: Date): Promise<OocdEntry | undefined> {
    const [entry] = await this.#retry(() => this.#entries(this.#st.take, { key: this.#ops.keyParam(key) }));
    // An expired row is deleted too (it was garbage) but never returned.
    return entry && entry.expiresAt.getTime() > now.getTime() ? entry : undefined;
  }

  async remove(key: string, recursive: boolean): Promise<number> {
    const k = this.#ops.keyParam(key);
    const result = recursive
      ? await this.#retry(() => {
          const { lo, hi } = branchRange(key);
          return this.#st.removeTree.execute(this.#run, { key: k, lo: this.#ops.keyParam(lo), hi: this.#ops.keyParam(hi) });
        })
      : await this.#retry(() => this.#st.remove.execute(this.#run, { key: k }));
    return Number(result.numAffectedRows ?? 0n);
  }

  async list(branch: string, recursive: boolean, now: Date): Promise<OocdEntry[]> {
    return this.#entries(recursive ? this.#st.listTree : this.#st.listDirect, walkArgs(this.#ops, branchRange(branch), now));
  }

  async children(branch: string, now: Date): Promise<string[]> {
    const range = branchRange(branch);
    const keys = await this.#ops.childKeys(this.#ops, this.#run, this.#st, range, now);
    return [...new Set(keys.map((k) => childName(range.prefix, k)))];
  }

  async reap(now: Date): Promise<number> {
    const limit = this.#settings.reaperBatchSize;
    const pauseMs = this.#settings.reaperBatchPauseMs;
    const args = { now: now.getTime(), limit };
    const run = async (runner: QueryRunner) => {
      let total = 0;
      for (;;) {
        const r = await this.#retry(() => this.#ops.runReapBatch(runner, this.#st.reapBatch, args));
        const n = Number(r.numAffectedRows ?? 0n);
        total += n;
        if (n < limit) return total;
        // Between batches, let writers through: yield the event loop (better-sqlite3 runs
        // synchronously, so without this a long reap would hold it), or pause if configured.
        await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
      }
    };
    const isolated = (runner: QueryRunner) => this.#ops.reapIsolated(runner, run);
    if (!this.#settings.lockGloballyWhenReaping) return this.#ops.withReapSession(this.#db, isolated);
    return (await this.#ops.withReapLock(this.#db, this.#lockName, isolated)) ?? 0;
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }

  /** Runs a statement that returns entry rows (ENTRY_COLUMNS) and turns them into entries. */
  async #entries<P extends string>(statement: PreparedQuery<P>, args: Readonly<Record<P, unknown>>): Promise<OocdEntry[]> {
    const ops = this.#ops;
    if (this.#arrays) return (await this.#arrays(statement.compiled(args))).map((r) => arrayToEntry(r, ops));
    const { rows } = await statement.execute(this.#run, args);
    return rows.map((r) => rowToEntry(r, ops));
  }

  async #retry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (attempt >= RETRIES || !this.#ops.isRetryable(e)) throw e;
      }
    }
  }
}
