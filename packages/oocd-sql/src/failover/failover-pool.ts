import { errorFactory } from '@authstate/oocd-core';
import { type ConnectionErrorTest, causeChain } from './connection-errors.js';
import { HostList } from './host-list.js';
import { registerPool } from './live-pools.js';
import { NoHostAvailableError } from './no-host-error.js';
import { resolveFailoverOptions } from './options.js';
import type { FailoverOptions, FailoverStats, HostAddress, ResolvedFailoverOptions } from './types.js';

const fail = errorFactory('oocd-sql');

/**
 * How the pool opens and closes one physical connection of a driver (mysql2, pg). `open` must
 * call `broken` whenever the driver reports the connection failed or ended.
 */
export interface RawConnector<R> {
  open(address: HostAddress, connectTimeoutMs: number, broken: (error: unknown) => void): Promise<R>;
  /** Graceful close (fire and forget). */
  close(raw: R): void;
  /** Immediate close of a connection that failed. */
  destroy(raw: R): void;
  /** Whether an error means the connection or host is gone. */
  isConnectionError: ConnectionErrorTest;
}

/** A physical connection owned by the pool, bound for life to the host it was opened on. */
export interface PooledConnection<R> {
  readonly raw: R;
  /** Index of its host in the host list. */
  readonly host: number;
  readonly expiresAt: number;
  broken: boolean;
  leased: boolean;
  closed: boolean;
  lastUsed: number;
}

/**
 * The fail-over-aware connection pool behind the Kysely pools (see `createMysqlFailoverPool`,
 * `createPostgresFailoverPool`). A new connection goes to the first host not marked down; a host
 * whose connect or query fails at connection level is marked down for `failoverTimeout` and the
 * next connection goes to the next host at once; a connection lives at most
 * `maxConnectionLifetime`, so traffic drifts back to the primary once it is up again. Idle
 * connections on the highest-priority host are handed out first.
 */
export class FailoverPool<R> {
  readonly hosts: HostList;
  readonly options: ResolvedFailoverOptions;
  readonly #connector: RawConnector<R>;
  readonly #idle = new Set<PooledConnection<R>>();
  #size = 0;
  #waiters: (() => void)[] = [];
  #ended = false;
  readonly #unregister: () => void;
  /** Errors that killed one of this pool's connections, with the host's label (see {@link failureOf}). */
  readonly #failures = new WeakMap<object, string>();

  constructor(addresses: readonly HostAddress[], connector: RawConnector<R>, options: FailoverOptions = {}) {
    if (addresses.length === 0) throw fail('CONFIG', 'The database URL names no host; give at least one host:port.');
    this.options = resolveFailoverOptions(options);
    this.#connector = connector;
    this.hosts = new HostList(addresses, this.options, (index) => this.#dropIdle(index));
    this.#unregister = registerPool(this);
  }

  /** Hands out a connection: the best idle one, else a new one on the first reachable host. */
  async acquire(): Promise<PooledConnection<R>> {
    for (;;) {
      if (this.#ended) throw fail('CLOSED', 'The database pool is closed; open the service again.');
      const idle = this.#takeIdle();
      if (idle) return idle;
      if (this.#size < this.options.maxConnections) return this.#openNew();
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Returns a connection; broken, expired or marked-down ones are closed instead of kept. */
  release(conn: PooledConnection<R>): void {
    if (!conn.leased) return;
    conn.leased = false;
    conn.lastUsed = this.options.now();
    if (this.#ended || !this.#reusable(conn)) this.#discard(conn);
    else this.#idle.add(conn);
    this.#waiters.shift()?.();
  }

  /**
   * Called with every error a query on `conn` raised — plain, streamed or cursor: the pool
   * classifies it; a connection-level error marks the connection broken and its host down (so
   * retries and new connections go to the next host) and is remembered for {@link failureOf}.
   */
  queryFailed(conn: PooledConnection<R>, error: unknown): void {
    if (!this.#connector.isConnectionError(error)) return;
    conn.broken = true;
    this.hosts.counters.queryFailures++;
    if (typeof error === 'object' && error !== null) this.#failures.set(error, this.hosts.label(conn.host));
    this.hosts.markDown(conn.host, error);
  }

  /**
   * The `host:port` whose connection `error` killed, when this pool classified it so (looked up
   * on the error and its `cause` chain: Kysely and the driver may wrap it); else `undefined`. What
   * the fail-over retry (`src/retry/failover-retry.ts`) asks before repeating an operation.
   */
  failureOf(error: unknown): string | undefined {
    for (const e of causeChain(error)) {
      const host = this.#failures.get(e);
      if (host !== undefined) return host;
    }
    return undefined;
  }

  /** Whether an error means the connection or host is gone. */
  isConnectionError(error: unknown): boolean {
    return this.#connector.isConnectionError(error);
  }

  /** Counters and host states. */
  stats(): FailoverStats {
    return this.hosts.stats();
  }

  /** Closes idle connections now and the others when they are released. */
  async end(): Promise<void> {
    this.#ended = true;
    this.#unregister();
    for (const c of [...this.#idle]) this.#discard(c);
    for (const w of this.#waiters.splice(0)) w();
  }

  #takeIdle(): PooledConnection<R> | undefined {
    let best: PooledConnection<R> | undefined;
    for (const c of [...this.#idle]) {
      if (!this.#reusable(c)) {
        this.#idle.delete(c);
        this.#discard(c);
      } else if (!best || c.host < best.host || (c.host === best.host && c.lastUsed > best.lastUsed)) {
        best = c;
      }
    }
    if (best) {
      this.#idle.delete(best);
      best.leased = true;
    }
    return best;
  }

  #reusable(c: PooledConnection<R>): boolean {
    return !c.broken && !this.hosts.isDown(c.host) && c.expiresAt > this.options.now();
  }

  async #openNew(): Promise<PooledConnection<R>> {
    this.#size++;
    const tried: string[] = [];
    let lastError: unknown;
    try {
      for (const index of this.hosts.connectOrder()) {
        const address = this.hosts.addresses[index] as HostAddress;
        // Until `open` resolves, a "broken" signal only flags the holder.
        const holder = { conn: undefined as PooledConnection<R> | undefined, broken: false };
        try {
          const raw = await this.#connector.open(address, this.options.connectTimeoutMs, () => {
            holder.broken = true;
            if (holder.conn) this.#onBroken(holder.conn);
          });
          const now = this.options.now();
          const conn: PooledConnection<R> = {
            raw,
            host: index,
            expiresAt: this.#expiry(now),
            broken: holder.broken,
            leased: true,
            closed: false,
            lastUsed: now,
          };
          holder.conn = conn;
          this.hosts.opened(index);
          return conn;
        } catch (e) {
          if (!this.#connector.isConnectionError(e)) throw e;
          this.hosts.counters.connectFailures++;
          this.hosts.markDown(index, e);
          tried.push(this.hosts.label(index));
          lastError = e;
        }
      }
      throw new NoHostAvailableError(tried, lastError);
    } catch (e) {
      this.#size--;
      this.#waiters.shift()?.();
      throw e;
    }
  }

  /** Lifetimes vary by up to 2.5 % so that connections opened together are not replaced together. */
  #expiry(now: number): number {
    const lifetime = this.options.maxConnectionLifetimeMs;
    return lifetime > 0 ? now + lifetime * (1 - Math.random() * 0.025) : Number.POSITIVE_INFINITY;
  }

  #onBroken(conn: PooledConnection<R>): void {
    if (conn.broken) return;
    conn.broken = true;
    if (this.#idle.delete(conn)) this.#discard(conn);
  }

  #dropIdle(host: number): void {
    for (const c of [...this.#idle]) {
      if (c.host !== host) continue;
      this.#idle.delete(c);
      this.#discard(c);
    }
  }

  #discard(conn: PooledConnection<R>): void {
    if (conn.closed) return;
    conn.closed = true;
    this.#idle.delete(conn);
    this.#size--;
    this.hosts.closed(conn.host);
    const expired = !conn.broken && conn.expiresAt <= this.options.now();
    if (expired) this.hosts.counters.lifetimeRetired++;
    if (conn.broken) this.#connector.destroy(conn.raw);
    else this.#connector.close(conn.raw);
  }
}
