import type { FailoverStats } from '@authstate/oocd-sql';
import { renderFailoverMetrics } from './failover-metrics.js';

/** Latency buckets in seconds (upper bounds). */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/**
 * The service's counters and a latency histogram, rendered in the Prometheus text exposition
 * format (version 0.0.4). Small on purpose: a handful of series, no dependencies.
 *
 * @example
 * ```ts
 * const m = new Metrics();
 * m.observe('get', 0.002);
 * reply.type(PROMETHEUS_CONTENT_TYPE).send(m.render());
 * ```
 */
export class Metrics {
  /**
   * @param failoverStats where the database fail-over counters come from (`failoverPoolStats` of
   * `@authstate/oocd-sql` when the backend is sql); rendered after the service's own series.
   */
  constructor(readonly failoverStats: () => readonly FailoverStats[] = () => []) {}

  readonly #ops = new Map<string, Histogram>();
  readonly #errors = new Map<string, number>();
  readonly #responses = new Map<string, number>();
  #reaped = 0;
  #reaperRuns = 0;
  #lastReap: { at: Date; deleted: number; seconds: number } | undefined;

  /** Records one finished operation, with its error code when it failed. */
  observe(op: string, seconds: number, errorCode?: string): void {
    let h = this.#ops.get(op);
    if (!h) {
      h = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.#ops.set(op, h);
    }
    h.count++;
    h.sum += seconds;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= (LATENCY_BUCKETS[i] as number)) (h.counts[i] as number)++;
    if (errorCode !== undefined) {
      const k = `${op}\u0000${errorCode}`;
      this.#errors.set(k, (this.#errors.get(k) ?? 0) + 1);
    }
  }

  /** Records a reaper run: the entries it deleted and, when known, how long it took. */
  reaped(n: number, seconds = 0): void {
    this.#reaped += n;
    this.#reaperRuns++;
    this.#lastReap = { at: new Date(), deleted: n, seconds };
  }

  /** Records an HTTP response status. */
  response(status: number): void {
    const k = String(status);
    this.#responses.set(k, (this.#responses.get(k) ?? 0) + 1);
  }

  /** The exposition text. */
  render(): string {
    const lines: string[] = [];
    const head = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    const ops = [...this.#ops.entries()].sort(([a], [b]) => a.localeCompare(b));

    head('authstate_oocd_operations_total', 'counter', 'OOCD operations completed, by operation.');
    for (const [op, h] of ops) lines.push(`authstate_oocd_operations_total{op="${esc(op)}"} ${h.count}`);

    head('authstate_oocd_errors_total', 'counter', 'OOCD operations that failed, by operation and error code.');
    for (const [k, n] of [...this.#errors.entries()].sort()) {
      const [op, code] = k.split('\u0000') as [string, string];
      lines.push(`authstate_oocd_errors_total{op="${esc(op)}",code="${esc(code)}"} ${n}`);
    }

    head('authstate_oocd_operation_duration_seconds', 'histogram', 'OOCD operation latency in seconds.');
    for (const [op, h] of ops) {
      LATENCY_BUCKETS.forEach((le, i) => {
        lines.push(`authstate_oocd_operation_duration_seconds_bucket{op="${esc(op)}",le="${le}"} ${h.counts[i]}`);
      });
      lines.push(`authstate_oocd_operation_duration_seconds_bucket{op="${esc(op)}",le="+Inf"} ${h.count}`);
      lines.push(`authstate_oocd_operation_duration_seconds_sum{op="${esc(op)}"} ${h.sum}`);
      lines.push(`authstate_oocd_operation_duration_seconds_count{op="${esc(op)}"} ${h.count}`);
    }

    head('authstate_oocd_entries_reaped_total', 'counter', 'Expired entries deleted (background reaper and POST /v1/reap).');
    lines.push(`authstate_oocd_entries_reaped_total ${this.#reaped}`);
    head('authstate_oocd_reaper_runs_total', 'counter', 'Reap runs completed.');
    lines.push(`authstate_oocd_reaper_runs_total ${this.#reaperRuns}`);
    if (this.#lastReap) {
      const last = this.#lastReap;
      head('authstate_oocd_reaper_last_run_timestamp_seconds', 'gauge', 'When the last reap run finished (Unix time).');
      lines.push(`authstate_oocd_reaper_last_run_timestamp_seconds ${last.at.getTime() / 1000}`);
      head('authstate_oocd_reaper_last_deleted', 'gauge', 'Expired entries the last reap run deleted.');
      lines.push(`authstate_oocd_reaper_last_deleted ${last.deleted}`);
      head('authstate_oocd_reaper_last_duration_seconds', 'gauge', 'How long the last reap run took.');
      lines.push(`authstate_oocd_reaper_last_duration_seconds ${last.seconds}`);
    }

    head('authstate_http_responses_total', 'counter', 'HTTP responses, by status code.');
    for (const [status, n] of [...this.#responses.entries()].sort()) lines.push(`authstate_http_responses_total{status="${status}"} ${n}`);
    lines.push(...renderFailoverMetrics(this.failoverStats()));
    return `${lines.join('\n')}\n`;
  }
}

/** The content type of {@link Metrics.render}. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
