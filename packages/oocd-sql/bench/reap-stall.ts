import { type OocdConfig, type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import { readSqlSettings } from '../src/options.js';
import { seedRows } from '../test/support/seed.js';
import type { Target } from '../test/support/targets.js';
import { benchConfig } from './targets.js';

/** What happened to a writer while the reaper deleted the expired rows. */
export interface StallResult {
  dialect: string;
  writer: string;
  /** Reaper batch size and pause between batches (ms). */
  batch: number;
  pauseMs: number;
  reaped: number;
  reapMs: number;
  writes: number;
  /** Longest single write while reaping, ms. */
  maxStallMs: number;
  p99Ms: number;
  /** Longest single write in the same time before reaping, ms (for comparison). */
  idleMaxMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Seeds `rows` expired rows, starts a writer (`set` in a loop), and reaps them all with the
 * backend's batched reaper; reports the longest write. `separate`: the writer uses its own
 * service (another connection, as another process would) instead of the reaper's.
 */
export async function reapStall(target: Target, rows: number, separate: boolean): Promise<StallResult> {
  const extra: OocdConfig = {};
  if (process.env.BENCH_REAP_BATCH) extra.reaperBatchSize = Number(process.env.BENCH_REAP_BATCH);
  if (process.env.BENCH_REAP_PAUSE) extra.reaperBatchPause = Number(process.env.BENCH_REAP_PAUSE);
  const config = benchConfig(target, extra);
  const settings = readSqlSettings(config);
  const reaper = await openOocd(config);
  const writer: OutOfContextDataService = separate ? await openOocd(config) : reaper;
  try {
    await seedRows(config, '/dead', rows, new Date(Date.now() - 60_000));
    let phase = 'idle' as 'idle' | 'reap' | 'stop';
    const lat: Record<'idle' | 'reap', number[]> = { idle: [], reap: [] };
    const loop = (async () => {
      for (let i = 0; phase !== 'stop'; i++) {
        const p = phase as 'idle' | 'reap';
        const t = performance.now();
        await writer.set(`/w/k${i}`, 'v'.repeat(100), { ttlMs: 3_600_000 });
        lat[p].push(performance.now() - t);
        // Let timers and the reaper run: with SQLite every call completes without real I/O
        // waits, so a tight loop of awaits would starve the event loop.
        await new Promise((r) => setImmediate(r));
      }
    })();
    await sleep(1000);
    phase = 'reap';
    const t0 = performance.now();
    const reaped = await reaper.reap();
    const reapMs = performance.now() - t0;
    phase = 'stop';
    await loop;
    const sorted = [...lat.reap].sort((a, b) => a - b);
    return {
      dialect: target.kind,
      writer: separate ? 'own connection' : 'reaper’s service',
      batch: settings.reaperBatchSize,
      pauseMs: settings.reaperBatchPauseMs,
      reaped,
      reapMs,
      writes: lat.reap.length,
      maxStallMs: sorted.at(-1) ?? 0,
      p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
      idleMaxMs: Math.max(...lat.idle),
    };
  } finally {
    if (separate) await writer.close();
    await reaper.close();
  }
}
