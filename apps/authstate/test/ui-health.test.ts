import type { FailoverStats } from '@authstate/oocd-sql';
import { describe, expect, test } from '@jest/globals';
import { Metrics } from '../src/http/metrics.js';
import { EXPIRY_BUCKETS, expiryHistogram } from '../src/http/ui/expiry-histogram.js';
import { healthFromMetrics } from '../src/http/ui/health.js';
import { parsePrometheusText } from '../src/http/ui/prometheus-text.js';

describe('parsePrometheusText', () => {
  test('reads names, escaped labels and values; skips comments and junk', () => {
    const text = '# HELP x y\nx_total{op="a\\"b",le="+Inf"} 3\nplain 1.5e-3\nnot a sample\ny{bad} 1\n';
    expect(parsePrometheusText(text)).toEqual([
      { name: 'x_total', labels: { op: 'a"b', le: '+Inf' }, value: 3 },
      { name: 'plain', labels: {}, value: 0.0015 },
    ]);
  });
});

describe('healthFromMetrics', () => {
  test('counts, errors, mean and bucket percentiles per operation; past the last bucket is null', () => {
    const m = new Metrics();
    for (let i = 0; i < 19; i++) m.observe('get', 0.002);
    m.observe('get', 9, 'BACKEND');
    m.observe('take', 0.0004);
    const h = healthFromMetrics(m.render(), new Date('2030-01-01T00:00:00Z'));
    expect(h.at).toBe('2030-01-01T00:00:00.000Z');
    expect(h.operations).toEqual([
      { op: 'get', count: 20, errors: 1, meanSeconds: expect.closeTo((19 * 0.002 + 9) / 20, 9), p50Seconds: 0.0025, p95Seconds: 0.0025 },
      { op: 'take', count: 1, errors: 0, meanSeconds: expect.closeTo(0.0004, 9), p50Seconds: 0.0005, p95Seconds: 0.0005 },
    ]);
    const slow = new Metrics();
    slow.observe('list', 9);
    expect(healthFromMetrics(slow.render(), new Date()).operations[0]).toMatchObject({ p50Seconds: null, p95Seconds: null });
    expect(h.reaper).toEqual({ runs: 0, deleted: 0 });
  });

  test('the last reaper run, and the fail-over pool state per host', () => {
    const stats: FailoverStats = {
      currentHost: 'db2:3306',
      hosts: [
        { host: 'db1:3306', down: true, open: 0 },
        { host: 'db2:3306', down: false, open: 3 },
      ] as FailoverStats['hosts'],
      markedDown: 1,
      moves: 1,
      returns: 0,
      connectionsOpened: 4,
      connectFailures: 2,
      queryFailures: 1,
      lifetimeRetired: 0,
      retries: 1,
      retriesSucceeded: 1,
      outcomeUnknown: 0,
    };
    const m = new Metrics(() => [stats]);
    m.reaped(7, 0.25);
    const before = Date.now();
    const h = healthFromMetrics(m.render(), new Date());
    expect(h.reaper).toEqual({ runs: 1, deleted: 7, last: { at: expect.any(String), deleted: 7, seconds: 0.25 } });
    expect(Date.parse(h.reaper.last?.at ?? '')).toBeLessThanOrEqual(before);
    expect(h.failover?.hosts).toEqual([
      { host: 'db1:3306', current: false, down: true, connections: 0 },
      { host: 'db2:3306', current: true, down: false, connections: 3 },
    ]);
    expect(h.failover?.counters).toMatchObject({ marked_down: 1, traffic_moves: 1, connect_failures: 2, retries_succeeded: 1 });
  });
});

describe('expiryHistogram', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const entry = (ms: number) => ({ key: '/k', value: 'v', metadata: {}, expiresAt: new Date(now.getTime() + ms) });

  test('a bound belongs to its bucket; every entry lands in exactly one bucket', () => {
    const entries = EXPIRY_BUCKETS.filter((b) => Number.isFinite(b.upToMs)).flatMap((b) => [entry(b.upToMs), entry(b.upToMs + 1)]);
    entries.push(entry(-5)); // expired between the listing and now: the first bucket
    const h = expiryHistogram('/b', entries, now);
    expect(h.live).toBe(entries.length);
    expect(h.buckets.map((b) => b.count)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 1]);
  });
});
