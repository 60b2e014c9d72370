import type { FailoverStats } from '@authstate/oocd-sql';

type Counter = Exclude<keyof FailoverStats, 'currentHost' | 'hosts'>;

// Pool-wide counters: [stats field, metric name, help].
const COUNTERS: [Counter, string, string][] = [
  ['markedDown', 'authstate_oocd_db_marked_down_total', 'Database hosts marked down after a connection-level failure.'],
  ['moves', 'authstate_oocd_db_traffic_moves_total', 'Times new connections moved to a lower-priority host.'],
  ['returns', 'authstate_oocd_db_traffic_returns_total', 'Times new connections returned to a higher-priority host.'],
  ['connectFailures', 'authstate_oocd_db_connect_failures_total', 'Connect attempts that failed at connection level.'],
  ['queryFailures', 'authstate_oocd_db_query_failures_total', 'Statements whose host died under them.'],
  ['lifetimeRetired', 'authstate_oocd_db_connections_retired_total', 'Connections closed at their maximum lifetime.'],
  ['retries', 'authstate_oocd_db_retries_total', 'Idempotent operations retried on the next host.'],
  ['retriesSucceeded', 'authstate_oocd_db_retries_succeeded_total', 'Retried operations that then succeeded.'],
  ['outcomeUnknown', 'authstate_oocd_db_outcome_unknown_total', 'Non-idempotent operations failed with an unknown outcome.'],
];

/**
 * Prometheus lines for the process's fail-over pools (`failoverPoolStats()` of
 * `@authstate/oocd-sql`), summed over pools: the counters above, and per database host whether
 * new connections go there now (`authstate_oocd_db_current_host`), whether it is marked down and
 * how many connections are open to it. Nothing when there is no fail-over pool (single-host URL).
 */
export function renderFailoverMetrics(pools: readonly FailoverStats[]): string[] {
  if (pools.length === 0) return [];
  const lines: string[] = [];
  const head = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [field, name, help] of COUNTERS) {
    head(name, 'counter', help);
    lines.push(`${name} ${pools.reduce((n, p) => n + p[field], 0)}`);
  }
  const hosts = new Map<string, { current: number; down: number; open: number }>();
  for (const p of pools) {
    for (const h of p.hosts) {
      const row = hosts.get(h.host) ?? { current: 0, down: 0, open: 0 };
      row.current = Math.max(row.current, p.currentHost === h.host ? 1 : 0);
      row.down = Math.max(row.down, h.down ? 1 : 0);
      row.open += h.open;
      hosts.set(h.host, row);
    }
  }
  const gauges: ['current' | 'down' | 'open', string, string][] = [
    ['current', 'authstate_oocd_db_current_host', 'New database connections go to this host now (1) or not (0).'],
    ['down', 'authstate_oocd_db_host_down', 'The database host is marked down now (1) or not (0).'],
    ['open', 'authstate_oocd_db_host_connections', 'Connections open to the database host now.'],
  ];
  for (const [field, name, help] of gauges) {
    head(name, 'gauge', help);
    for (const [host, row] of hosts) lines.push(`${name}{host="${host}"} ${row[field]}`);
  }
  return lines;
}
