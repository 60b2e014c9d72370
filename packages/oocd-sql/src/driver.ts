import type { OocdConfig, OocdDriver, OocdEntry } from '@authstate/oocd-core';
import { Kysely } from 'kysely';
import type { DirectRunner } from './connect/direct-runner.js';
import { DIALECTS, type DialectOps } from './dialects/index.js';
import type { KeyCodec } from './dialects/parts/key-codec.js';
import { withFailoverRetry } from './failover/index.js';
import { branchRange, childName } from './key-range.js';
import { readSqlSettings, type SqlSettings } from './options.js';
import { affectedRows, type PreparedQuery, type QueryRunner } from './prepared.js';
import { withDeadlockRetry } from './retry/deadlock-retry.js';
import { arrayToEntry, rowParams, rowToEntry } from './row.js';
import { ensureTable } from './setup.js';
import { buildStatements, type Statements } from './statements.js';
import type { OocdDatabase } from './table.js';
import { walkArgs } from './walk.js';

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
  /** The dialect's key encoding (used on every call). */
  readonly #keys: KeyCodec;
  readonly #st: Statements;
  readonly #settings: SqlSettings;
  readonly #lockName: string;

  private constructor(db: Kysely<OocdDatabase>, ops: DialectOps, settings: SqlSettings, runner: DirectRunner | undefined) {
    this.#db = db;
    this.#run = runner ?? db;
    this.#arrays = runner?.executeArrays;
    this.#ops = ops;
    this.#keys = ops.keys;
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
    const { dialect, runner } = await ops.connector.connect(settings.url, settings.data, {
      max: settings.poolSize,
      config,
      purpose: 'data',
      busyTimeoutMs: settings.busyTimeoutMs,
    });
    return SqlOocdDriver.#start(new Kysely<OocdDatabase>({ dialect }), ops, settings, runner);
  }

  /**
   * Like {@link SqlOocdDriver.open}, on a Kysely instance the caller made for the dialect of
   * `config.url` (tests use it to watch the statements the driver runs and the session they run
   * on). The driver owns `db` from then on: `close()` destroys it. `runner`, if given, runs the
   * per-call statements instead of `db` (it must use the same connections).
   */
  static async openWith(db: Kysely<OocdDatabase>, config: OocdConfig, runner?: DirectRunner): Promise<SqlOocdDriver> {
    const settings = readSqlSettings(config);
    return SqlOocdDriver.#start(db, DIALECTS[settings.url.dialect], settings, runner);
  }

  /** Makes sure the table is there, then hands out the driver (the config was read once, by the caller). */
  static async #start(db: Kysely<OocdDatabase>, ops: DialectOps, settings: SqlSettings, runner: DirectRunner | undefined) {
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
    return (await this.#entries(this.#st.get, { key: this.#keys.keyParam(key), now: now.getTime() }))[0];
  }

  async set(entry: OocdEntry): Promise<void> {
    await this.#retry(() => this.#st.set.execute(this.#run, rowParams(entry, this.#keys)));
  }

  async create(entry: OocdEntry, now: Date): Promise<boolean> {
    const result = await this.#retry(() => this.#st.create.execute(this.#run, { ...rowParams(entry, this.#keys), now: now.getTime() }));
    return affectedRows(result) > 0;
  }

  async take(key: string, now: Date): Promise<OocdEntry | undefined> {
    const [entry] = await this.#retry(() => this.#entries(this.#st.take, { key: this.#keys.keyParam(key) }));
    // An expired row is deleted too (it was garbage) but never returned.
    return entry && entry.expiresAt.getTime() > now.getTime() ? entry : undefined;
  }

  async remove(key: string, recursive: boolean): Promise<number> {
    const k = this.#keys.keyParam(key);
    const result = recursive
      ? await this.#retry(() => {
          const { lo, hi } = branchRange(key);
          return this.#st.removeTree.execute(this.#run, { key: k, lo: this.#keys.keyParam(lo), hi: this.#keys.keyParam(hi) });
        })
      : await this.#retry(() => this.#st.remove.execute(this.#run, { key: k }));
    return affectedRows(result);
  }

  async list(branch: string, recursive: boolean, now: Date): Promise<OocdEntry[]> {
    return this.#entries(recursive ? this.#st.listTree : this.#st.listDirect, walkArgs(this.#keys, branchRange(branch), now));
  }

  async children(branch: string, now: Date): Promise<string[]> {
    const range = branchRange(branch);
    const keys = await this.#ops.statements.childKeys(this.#keys, this.#run, this.#st, range, now);
    return [...new Set(keys.map((k) => childName(range.prefix, k)))];
  }

  async reap(now: Date): Promise<number> {
    const limit = this.#settings.reaperBatchSize;
    const pauseMs = this.#settings.reaperBatchPauseMs;
    const args = { now: now.getTime(), limit };
    const { reaper } = this.#ops;
    const run = async (runner: QueryRunner) => {
      let total = 0;
      for (;;) {
        const n = affectedRows(await this.#retry(() => reaper.runBatch(runner, this.#st.reapBatch, args)));
        total += n;
        if (n < limit) return total;
        // Between batches, let writers through: yield the event loop (better-sqlite3 runs
        // synchronously, so without this a long reap would hold it), or pause if configured.
        await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
      }
    };
    const isolated = (runner: QueryRunner) => reaper.isolated(runner, run);
    if (!this.#settings.lockGloballyWhenReaping) return reaper.session(this.#db, isolated);
    return (await reaper.withLock(this.#db, this.#lockName, isolated)) ?? 0;
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }

  /** Runs a statement that returns entry rows (ENTRY_COLUMNS) and turns them into entries. */
  async #entries<P extends string>(statement: PreparedQuery<P>, args: Readonly<Record<P, unknown>>): Promise<OocdEntry[]> {
    const keys = this.#keys;
    if (this.#arrays) return (await this.#arrays(statement.compiled(args))).map((r) => arrayToEntry(r, keys));
    const { rows } = await statement.execute(this.#run, args);
    return rows.map((r) => rowToEntry(r, keys));
  }

  /** Deadlock retry (policy 1; the fail-over retry-once is policy 2, applied around whole operations). */
  #retry<T>(fn: () => Promise<T>): Promise<T> {
    return withDeadlockRetry(this.#ops.errors.isDeadlock, fn);
  }
}
