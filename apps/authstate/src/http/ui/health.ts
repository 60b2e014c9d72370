import { type PromSample, parsePrometheusText } from './prometheus-text.js';

/** One operation's counters and latency, as the page shows them. */
export interface OperationHealth {
  op: string;
  count: number;
  errors: number;
  /** Mean latency in seconds (`undefined` before the first call). */
  meanSeconds: number | undefined;
  /**
   * Upper bound of the latency bucket holding the 50th / 95th percentile; `null` when it lies
   * past the last bound (`LATENCY_BUCKETS`), `undefined` before the first call.
   */
  p50Seconds: number | null | undefined;
  p95Seconds: number | null | undefined;
}

/** One database host of a fail-over URL. */
export interface HostHealth {
  host: string;
  current: boolean;
  down: boolean;
  connections: number;
}

/** What the health view shows: the numbers of `/metrics`, grouped. */
export interface Health {
  /** When the numbers were read (ISO 8601, UTC); the page divides counter deltas by its deltas. */
  at: string;
  operations: OperationHealth[];
  responses: Record<string, number>;
  reaper: {
    runs: number;
    deleted: number;
    last?: { at: string; deleted: number; seconds: number };
  };
  /** `undefined` when the backend has no fail-over pool (not sql, or a single-host URL). */
  failover?: { hosts: HostHealth[]; counters: Record<string, number> };
}

/**
 * Groups the service's metrics text (`Metrics.render()`, the very text `/metrics` serves) for the
 * page: per-operation counts, errors, mean and percentile latencies, responses by status, the
 * reaper, and the fail-over pool.
 *
 * @example
 * ```ts
 * const health = healthFromMetrics(metrics.render(), new Date());
 * ```
 */
export function healthFromMetrics(text: string, at: Date): Health {
  const samples = parsePrometheusText(text);
  const by = (name: string) => samples.filter((s) => s.name === name);
  const one = (name: string) => by(name)[0]?.value;

  const errors = new Map<string, number>();
  for (const s of by('authstate_oocd_errors_total')) errors.set(s.labels.op ?? '', (errors.get(s.labels.op ?? '') ?? 0) + s.value);
  const operations = by('authstate_oocd_operations_total').map((s): OperationHealth => {
    const op = s.labels.op ?? '';
    const forOp = (name: string) => samples.filter((x) => x.name === name && x.labels.op === op);
    const sum = forOp('authstate_oocd_operation_duration_seconds_sum')[0]?.value ?? 0;
    const buckets = forOp('authstate_oocd_operation_duration_seconds_bucket');
    return {
      op,
      count: s.value,
      errors: errors.get(op) ?? 0,
      meanSeconds: s.value > 0 ? sum / s.value : undefined,
      p50Seconds: quantile(buckets, s.value, 0.5),
      p95Seconds: quantile(buckets, s.value, 0.95),
    };
  });

  const responses: Record<string, number> = {};
  for (const s of by('authstate_http_responses_total')) responses[s.labels.status ?? '?'] = s.value;

  const lastAt = one('authstate_oocd_reaper_last_run_timestamp_seconds');
  const health: Health = {
    at: at.toISOString(),
    operations,
    responses,
    reaper: {
      runs: one('authstate_oocd_reaper_runs_total') ?? 0,
      deleted: one('authstate_oocd_entries_reaped_total') ?? 0,
      ...(lastAt === undefined
        ? {}
        : {
            last: {
              at: new Date(lastAt * 1000).toISOString(),
              deleted: one('authstate_oocd_reaper_last_deleted') ?? 0,
              seconds: one('authstate_oocd_reaper_last_duration_seconds') ?? 0,
            },
          }),
    },
  };
  const failover = failoverHealth(samples);
  return failover ? { ...health, failover } : health;
}

/** The upper bound of the cumulative bucket that reaches `q` of `count` (`null`: the `+Inf` one). */
function quantile(buckets: PromSample[], count: number, q: number): number | null | undefined {
  if (count === 0) return undefined;
  const sorted = buckets.map((b) => ({ le: b.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(b.labels.le), n: b.value }));
  sorted.sort((a, b) => a.le - b.le);
  const le = sorted.find((b) => b.n >= q * count)?.le;
  return le === Number.POSITIVE_INFINITY ? null : le;
}

const DB = 'authstate_oocd_db_';

function failoverHealth(samples: PromSample[]): Health['failover'] {
  const db = samples.filter((s) => s.name.startsWith(DB));
  if (db.length === 0) return undefined;
  const hosts = new Map<string, HostHealth>();
  const counters: Record<string, number> = {};
  for (const s of db) {
    const field = s.name.slice(DB.length);
    const host = s.labels.host;
    if (host === undefined) {
      counters[field.replace(/_total$/, '')] = s.value;
      continue;
    }
    const h = hosts.get(host) ?? { host, current: false, down: false, connections: 0 };
    if (field === 'current_host') h.current = s.value === 1;
    else if (field === 'host_down') h.down = s.value === 1;
    else if (field === 'host_connections') h.connections = s.value;
    hosts.set(host, h);
  }
  return { hosts: [...hosts.values()], counters };
}
