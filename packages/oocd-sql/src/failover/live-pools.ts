import type { FailoverLogger, FailoverStats } from './types.js';

/** What the process-wide registry knows of a fail-over pool. */
interface LivePool {
  stats(): FailoverStats;
}

const live = new Set<LivePool>();
let defaultLogger: FailoverLogger | undefined;

/** Registers a pool until `end()` (called by the pool itself). */
export function registerPool(pool: LivePool): () => void {
  live.add(pool);
  return () => live.delete(pool);
}

/**
 * Counters of every fail-over pool open in this process (pools made from config by `openOocd`
 * are not otherwise reachable), for a metrics endpoint or `nodes status`.
 *
 * @example
 * ```ts
 * for (const s of failoverPoolStats()) metrics.set('oocd_db_failover_moves', s.moves, { primary: s.hosts[0]?.host });
 * ```
 */
export function failoverPoolStats(): FailoverStats[] {
  return [...live].map((p) => p.stats());
}

/**
 * Sets the logger of pools created without an explicit `logger` option (e.g. from config), for
 * apps that route log lines elsewhere than stderr; `undefined` restores the default.
 */
export function setDefaultFailoverLogger(logger: FailoverLogger | undefined): void {
  defaultLogger = logger;
}

/** The logger set by {@link setDefaultFailoverLogger}, if any. */
export function configuredDefaultLogger(): FailoverLogger | undefined {
  return defaultLogger;
}
