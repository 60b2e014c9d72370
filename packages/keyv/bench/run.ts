// pnpm bench: KeyvOocdStore on SQLite against @keyv/sqlite, both behind Keyv, on the same disk in
// the same run. Operations alternate in blocks between the stores so both see the same load.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOocd } from '@authstate/oocd-core';
import { createOocdDriver } from '@authstate/oocd-sql';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { KeyvOocdStore } from '../src/index.js';

const SETS = Number(process.env.BENCH_SETS ?? 1000);
const READS = Number(process.env.BENCH_READS ?? 10000);
const BLOCK = 50;
const VALUE = { user: 'alice', roles: ['admin', 'ops'], note: 'v'.repeat(150) };

type Contender = { name: string; keyv: Keyv; ms: Record<'set' | 'get' | 'has', number> };

const dir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'keyv-bench-'));
try {
  const oocd = await openOocd(
    { class: 'sql', url: `sqlite:${join(dir, 'oocd.sqlite')}`, reaperInterval: '0' },
    { backends: { sql: createOocdDriver } },
  );
  const plain = new KeyvSqlite(`sqlite://${join(dir, 'keyv-default.sqlite')}`);
  const wal = new KeyvSqlite(`sqlite://${join(dir, 'keyv-wal.sqlite')}`);
  // The durability settings of oocd-sql's SQLite connections, for a like-for-like second baseline.
  await wal.query('PRAGMA journal_mode = WAL');
  await wal.query('PRAGMA synchronous = FULL');
  const zero = () => ({ set: 0, get: 0, has: 0 });
  const contenders: Contender[] = [
    { name: '@authstate/keyv (oocd-sql, SQLite)', keyv: new Keyv({ store: new KeyvOocdStore(oocd), namespace: 'bench' }), ms: zero() },
    { name: '@keyv/sqlite (defaults)', keyv: new Keyv({ store: plain, namespace: 'bench' }), ms: zero() },
    { name: '@keyv/sqlite (WAL, synchronous=FULL)', keyv: new Keyv({ store: wal, namespace: 'bench' }), ms: zero() },
  ];
  const run = async (op: 'set' | 'get' | 'has', count: number) => {
    for (let start = 0; start < count; start += BLOCK) {
      for (const c of contenders) {
        const t = performance.now();
        for (let i = start; i < start + BLOCK; i++) {
          const key = `user:${i % SETS}`;
          if (op === 'set') await c.keyv.set(key, VALUE, 3_600_000);
          else if (op === 'get') await c.keyv.get(key);
          else await c.keyv.has(key);
        }
        c.ms[op] += performance.now() - t;
      }
    }
  };
  const load = loadavg()[0]?.toFixed(2);
  await run('set', SETS);
  await run('get', READS);
  await run('has', READS);
  // Every store must have stored and returned the same thing, or the figures mean nothing.
  for (const c of contenders) {
    if (JSON.stringify(await c.keyv.get('user:1')) !== JSON.stringify(VALUE) || !(await c.keyv.has('user:1'))) {
      throw new Error(`${c.name} did not return the value it stored`);
    }
  }
  const [ours, ...baselines] = contenders as [Contender, ...Contender[]];
  const perSec = (c: Contender, op: 'set' | 'get' | 'has') => ((op === 'set' ? SETS : READS) / c.ms[op]) * 1000;
  console.log(`keyv bench: ${new Date().toISOString()}, ${cpus().length} CPUs, load ${load} at start, ${SETS} sets, ${READS} gets and has`);
  for (const op of ['set', 'get', 'has'] as const) {
    const line = baselines.map((b) => `${b.name} ${Math.round(perSec(b, op))}/s → ratio ${(perSec(ours, op) / perSec(b, op)).toFixed(2)}×`);
    console.log(`${op.padEnd(4)} ours ${String(Math.round(perSec(ours, op))).padStart(6)}/s | ${line.join(' | ')}`);
  }
  for (const c of contenders) await c.keyv.disconnect();
} finally {
  await rm(dir, { recursive: true, force: true });
}
