import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { driverOf } from '../../drivers.js';
import type { ZatoDbConfig } from '../../zato/db-config.js';
import { pgTextTimeTypes } from '../../zato/dialects/pg-text-times.js';
import type { Conn, Row } from './conn.js';

/** The writing end of a `COPY … FROM STDIN`, with backpressure; `end` resolves when the server accepted it all. */
export interface CopyIn {
  write(chunk: Buffer | string): Promise<void>;
  end(): Promise<void>;
  /** Cancels the COPY (the server rolls it back with a CopyFail); resolves once the connection is usable again. */
  abort(reason: Error): Promise<void>;
}

/**
 * A {@link Conn} over node-postgres directly (not Kysely), so backup and restore can stream rows
 * with `COPY … TO STDOUT` / `COPY … FROM STDIN` on the transaction's own connection.
 */
export class PostgresConn implements Conn {
  readonly engine = 'postgresql' as const;
  readonly #pool: pg.Pool;
  readonly #client: pg.PoolClient | undefined;

  constructor(config: ZatoDbConfig | pg.Pool, client?: pg.PoolClient) {
    this.#pool =
      config instanceof driverOf('postgresql').Pool
        ? config
        : new (driverOf('postgresql').Pool)({
            host: config.host,
            port: config.port,
            database: config.dbName,
            user: config.username,
            password: config.password,
            max: 2,
            types: pgTextTimeTypes,
          });
    this.#client = client;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const r = await (this.#client ?? this.#pool).query(sql, [...params]);
    return (r.rows ?? []) as Row[];
  }

  async transaction<T>(fn: (tx: Conn) => Promise<T>, opts: { snapshot?: boolean } = {}): Promise<T> {
    if (this.#client) return fn(this);
    return this.pinned(async (c) => {
      await c.query(opts.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : 'BEGIN');
      try {
        const result = await fn(c);
        await c.query('COMMIT');
        return result;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      }
    });
  }

  async pinned<T>(fn: (c: PostgresConn) => Promise<T>): Promise<T> {
    if (this.#client) return fn(this);
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      return await fn(new PostgresConn(this.#pool, client));
    } catch (e) {
      broken = e as Error;
      throw e;
    } finally {
      // A connection whose COPY failed half-way is not reused.
      client.release(broken);
    }
  }

  /** Streams the output of `COPY (…) TO STDOUT` (text format) as chunks of bytes. Needs {@link pinned} or a transaction. */
  copyOut(sql: string): AsyncIterable<Buffer> {
    const stream: Readable = this.#own().query(copyTo(sql));
    return stream as AsyncIterable<Buffer>;
  }

  /** Opens `COPY … FROM STDIN` (text format). Needs {@link pinned} or a transaction. */
  copyIn(sql: string): CopyIn {
    const stream: Writable = this.#own().query(copyFrom(sql));
    let failure: Error | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      stream.on('finish', () => resolve());
      stream.on('error', (e: Error) => {
        failure = e;
        reject(e);
      });
    });
    finished.catch(() => {});
    return {
      async write(chunk) {
        if (failure) throw failure;
        if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), finished]);
        if (failure) throw failure;
      },
      async end() {
        stream.end();
        await finished;
      },
      async abort(reason) {
        if (stream.destroyed || stream.writableFinished) return;
        stream.destroy(reason);
        await finished.catch(() => {});
      },
    };
  }

  #own(): pg.PoolClient {
    if (!this.#client) throw new Error('COPY needs a pinned connection or a transaction.');
    return this.#client;
  }

  async close(): Promise<void> {
    if (!this.#client) await this.#pool.end();
  }
}
