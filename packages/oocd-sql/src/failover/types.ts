/** One database node of an ordered host list. */
export interface HostAddress {
  host: string;
  port: number;
}

/**
 * Fail-over settings (config options of the `sql` backend, in seconds like nevisAuth's).
 *
 * @example
 * ```ts
 * const options: FailoverOptions = { failoverTimeout: 30, maxConnectionLifetime: 1800 };
 * ```
 */
export interface FailoverOptions {
  /** Seconds a host that failed stays marked down (no new connections go to it). Default 30. */
  failoverTimeout?: number;
  /** Seconds after which a pooled connection is closed and replaced (0: never). Default 1800. */
  maxConnectionLifetime?: number;
  /** Most connections open at once, over all hosts. Default 10. */
  maxConnections?: number;
  /** Seconds to wait for a TCP connect and handshake before trying the next host. Default 10. */
  connectTimeout?: number;
  /** Receives one line per event (host down, traffic moved/returned, retries). Default: stderr. */
  logger?: FailoverLogger;
  /** Millisecond clock (tests). Default `Date.now`. */
  now?: () => number;
}

/** The options with every default filled in (times in milliseconds). */
export interface ResolvedFailoverOptions {
  failoverTimeoutMs: number;
  maxConnectionLifetimeMs: number;
  maxConnections: number;
  connectTimeoutMs: number;
  logger: FailoverLogger;
  now: () => number;
}

/**
 * What the fail-over layer reports. Hosts are `host:port` labels; nothing carries credentials.
 * - `host-down`: a connect or query on `host` failed at connection level; no new connections go
 *   there until `until`.
 * - `moved`: new connections now go to a lower-priority host (`from` → `to`).
 * - `returned`: new connections go to a higher-priority host again.
 * - `retry`: an idempotent operation failed because its host died and runs once more.
 * - `outcome-unknown`: a non-idempotent operation (create, take) lost its connection mid-way.
 */
export type FailoverEvent =
  | { type: 'host-down'; host: string; until: Date; reason: string }
  | { type: 'moved'; from: string; to: string }
  | { type: 'returned'; from: string; to: string }
  | { type: 'retry'; operation: string; host: string | undefined; reason: string }
  | { type: 'outcome-unknown'; operation: string; host: string | undefined; reason: string };

/** Receives a ready-to-print line (no credentials) and the structured event. */
export type FailoverLogger = (line: string, event: FailoverEvent) => void;

/** Per-host part of {@link FailoverStats}. */
export interface HostStats {
  /** `host:port`. */
  host: string;
  /** Marked down right now. */
  down: boolean;
  /** When the current mark ends. */
  downUntil: Date | undefined;
  /** Times this host was marked down. */
  markedDown: number;
  /** Connections opened to it since start. */
  opened: number;
  /** Connections to it open right now. */
  open: number;
}

/**
 * Counters for metrics. All counts are since the pool was created.
 *
 * @example
 * ```ts
 * const s = pool.failover.stats();
 * metrics.gauge('oocd_db_failover_moves', s.moves);
 * ```
 */
export interface FailoverStats {
  /** The host the most recent new connection went to (`host:port`), if any yet. */
  currentHost: string | undefined;
  hosts: HostStats[];
  /** Host marked down (sum over hosts). */
  markedDown: number;
  /** Traffic moved to a lower-priority host. */
  moves: number;
  /** Traffic returned to a higher-priority host. */
  returns: number;
  connectionsOpened: number;
  /** Connect attempts that failed at connection level. */
  connectFailures: number;
  /** Queries that failed at connection level (host died under them). */
  queryFailures: number;
  /** Connections closed because their maximum lifetime had passed. */
  lifetimeRetired: number;
  /** Idempotent operations retried on the next host. */
  retries: number;
  /** Of those, the ones that then succeeded. */
  retriesSucceeded: number;
  /** Non-idempotent operations that failed with an unknown outcome. */
  outcomeUnknown: number;
}
