import type { OocdConfig, OocdDriver, OocdEntry } from '@authstate/oocd-core';
import { Kysely } from 'kysely';
import type { DirectRunner } from './connect/direct-runner.js';
import { DIALECTS, type DialectOps } from './dialects/index.js';
import type { Connected } from './dialects/parts/connector.js';
import type { KeyCodec } from './dialects/parts/key-codec.js';
import { branchRange, childName } from './key-range.js';
import { readSqlSettings, type SqlSettings } from './options.js';
import { affectedRows, type PreparedQuery, type QueryRunner } from './prepared.js';
import { withDeadlockRetry } from './retry/deadlock-retry.js';
import { type FailoverOwner, IDEMPOTENT_OPERATIONS, type Operation, runWithFailover } from './retry/failover-retry.js';
import { arrayToEntry, rowParams, rowToEntry } from './row.js';
import { ensureTable } from './setup.js';
import { buildStatements, type Statements } from './statements.js';
import type { OocdDatabase } from './table.js';
import { walkArgs } from './walk.js';

/** What the driver uses of a connected pool besides the Kysely dialect (see `DialectConnector`). */
export type PoolParts = Omit<Connected, 'dialect'>;

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
  /** The fail-over pool, owner of connection-error classification (several hosts only). */
  readonly #failover: FailoverOwner | undefined;

  private constructor(db: Kysely<OocdDatabase>, ops: DialectOps, settings: SqlSettings, pool: PoolParts) {
    this.#db = db;
    this.#run = pool.runner ?? db;
    this.#arrays = pool.runner?.executeArrays;
    this.#failover = pool.failover;
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
    const { dialect, ...pool } = await ops.connector.connect(settings.url, settings.data, {
      max: settings.poolSize,
      config,
      purpose: 'data',
      busyTimeoutMs: settings.busyTimeoutMs,
    });
    return SqlOocdDriver.#start(new Kysely<OocdDatabase>({ dialect }), ops, settings, pool);
  }

  /**
   * Like {@link SqlOocdDriver.open}, on a Kysely instance the caller made for the dialect of
   * `config.url` (tests use it to watch the statements the driver runs and the session they run
   * on). The driver owns `db` from then on: `close()` destroys it. `pool.runner`, if given, runs
   * the per-call statements instead of `db` (it must use the same connections); `pool.failover`,
   * if `db` runs on a fail-over pool, is that pool's `failover` (for the fail-over retry).
   */
  static async openWith(db: Kysely<OocdDatabase>, config: OocdConfig, pool: PoolParts = {}): Promise<SqlOocdDriver> {
    const settings = readSqlSettings(config);
    return SqlOocdDriver.#start(db, DIALECTS[settings.url.dialect], settings, pool);
  }

  /** Makes sure the table is there, then hands out the driver (the config was read once, by the caller). */
  static async #start(db: Kysely<OocdDatabase>, ops: DialectOps, settings: SqlSettings, pool: PoolParts) {
    const driver = new SqlOocdDriver(db, ops, settings, pool);
    try {
      await ensureTable(driver.#db, driver.#st.probe, ops, settings);
    } catch (e) {
      await driver.close();
      throw e;
    }
    return driver;
  }

  /** The table this driver works on. */
  get table(): string {
    return this.#settings.table;
  }

  async get(key: string, now: Date): Promise<OocdEntry | undefined> {
    return this.#call('get', async () => (await this.#entries(this.#st.get, { key: this.#keys.keyParam(key), now: now.getTime() }))[0]);
  }

  async set(entry: OocdEntry): Promise<void> {
    await this.#call('set', () => this.#retry(() => this.#st.set.execute(this.#run, rowParams(entry, this.#keys))));
  }

  async create(entry: OocdEntry, now: Date): Promise<boolean> {
    const args = { ...rowParams(entry, this.#keys), now: now.getTime() };
    return affectedRows(await this.#call('create', () => this.#retry(() => this.#st.create.execute(this.#run, args)))) > 0;
  }

  async take(key: string, now: Date): Promise<OocdEntry | undefined> {
    const [entry] = await this.#call('take', () => this.#retry(() => this.#entries(this.#st.take, { key: this.#keys.keyParam(key) })));
    // An expired row is deleted too (it was garbage) but never returned.
    return entry && entry.expiresAt.getTime() > now.getTime() ? entry : undefined;
  }

  async remove(key: string, recursive: boolean): Promise<number> {
    const k = this.#keys.keyParam(key);
    const tree = () => {
      const { lo, hi } = branchRange(key);
      return { key: k, lo: this.#keys.keyParam(lo), hi: this.#keys.keyParam(hi) };
    };
    const run = recursive ? () => this.#st.removeTree.execute(this.#run, tree()) : () => this.#st.remove.execute(this.#run, { key: k });
    return affectedRows(await this.#call('remove', () => this.#retry(run)));
  }

  async list(branch: string, recursive: boolean, now: Date): Promise<OocdEntry[]> {
    const statement = recursive ? this.#st.listTree : this.#st.listDirect;
    return this.#call('list', () => this.#entries(statement, walkArgs(this.#keys, branchRange(branch), now)));
  }

  async children(branch: string, now: Date): Promise<string[]> {
    const range = branchRange(branch);
    const keys = await this.#call('children', () => this.#ops.statements.childKeys(this.#keys, this.#run, this.#st, range, now));
    return [...new Set(keys.map((k) => childName(range.prefix, k)))];
  }

  async reap(now: Date): Promise<number> {
    return this.#call('reap', () => this.#reap(now));
  }

  async #reap(now: Date): Promise<number> {
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

  /**
   * Retry policy 2, fail-over retry-once, around a whole operation: with a fail-over pool, an
   * operation whose host died is run once more on the next host if it is idempotent
   * (`IDEMPOTENT_OPERATIONS`), else fails as "outcome unknown". One host: `fn` as is.
   */
  #call<T>(op: Operation, fn: () => Promise<T>): Promise<T> {
    const pool = this.#failover;
    return pool ? runWithFailover(pool, { name: op, idempotent: IDEMPOTENT_OPERATIONS[op] }, fn) : fn();
  }

  /** Retry policy 1, deadlock retry, around one statement (the dialect's error classifier decides). */
  #retry<T>(fn: () => Promise<T>): Promise<T> {
    return withDeadlockRetry(this.#ops.errors.isDeadlock, fn);
  }
}
