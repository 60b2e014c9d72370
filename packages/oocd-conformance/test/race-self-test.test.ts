import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { runMultiProcessRace } from '../src/index.js';

// The multi-process race must be able to fail: on a backend without locking, 8 processes racing
// check-then-act produce keys with several winners. The fixture makes the processes meet between
// check and act, so every key has 8 winners on any machine (not "some, if the timing is right").
test('the multi-process race detects a non-atomic backend', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'naive-'));
  try {
    const backend = new URL('./fixtures/naive-file-backend.ts', import.meta.url).pathname;
    const r = await runMultiProcessRace({ config: { class: backend, dir, parties: 8 }, processes: 8, keys: 20 });
    expect([...r.createWinners.values()].map((w) => w.length)).toEqual(Array(20).fill(8));
    expect([...r.takeWinners.values()].map((w) => w.length)).toEqual(Array(20).fill(8));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 1_800_000);
