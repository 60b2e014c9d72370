import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { runMultiProcessRace } from '../src/index.js';

// The multi-process race must be able to fail: on a backend without locking, 8 processes racing
// check-then-act produce keys with several winners.
test('the multi-process race detects a non-atomic backend', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'naive-'));
  try {
    const backend = new URL('./fixtures/naive-file-backend.ts', import.meta.url).pathname;
    const r = await runMultiProcessRace({ config: { class: backend, dir }, processes: 8, keys: 20 });
    const doubleCreates = [...r.createWinners.values()].filter((w) => w.length > 1).length;
    const doubleTakes = [...r.takeWinners.values()].filter((w) => w.length > 1).length;
    expect(doubleCreates + doubleTakes).toBeGreaterThan(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
