import { CompiledQuery, type Kysely } from 'kysely';
import type { Engine } from '../types.js';
import type { Conn, Row } from './conn.js';

// biome-ignore lint/suspicious/noExplicitAny: the SSO tables are discovered at run time, not typed.
type AnyKysely = Kysely<any>;

/** A {@link Conn} over a Kysely instance (PostgreSQL and MySQL/MariaDB servers). */
export class KyselyConn implements Conn {
  readonly engine: Engine;
  readonly #db: AnyKysely;
  readonly #close: () => Promise<void>;

  constructor(engine: Engine, db: AnyKysely, close: () => Promise<void>) {
    this.engine = engine;
    this.#db = db;
    this.#close = close;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.#db.executeQuery(CompiledQuery.raw(sql, [...params]));
    return result.rows as Row[];
  }

  async transaction<T>(fn: (tx: Conn) => Promise<T>, opts: { snapshot?: boolean } = {}): Promise<T> {
    if (this.#db.isTransaction) return fn(this);
    let builder = this.#db.transaction();
    if (opts.snapshot) builder = builder.setIsolationLevel('repeatable read');
    return builder.execute((trx) => fn(new KyselyConn(this.engine, trx, async () => {})));
  }

  async pinned<T>(fn: (c: Conn) => Promise<T>): Promise<T> {
    if (this.#db.isTransaction) return fn(this);
    return this.#db.connection().execute((db) => fn(new KyselyConn(this.engine, db, async () => {})));
  }

  async close(): Promise<void> {
    await this.#close();
  }
}
