// Fail-over under load, measured (not asserted): the OOCD service on the two-node clusters of
// scripts/dbs-replicas.sh with writers (set), creators (create) and readers (get) running, the
// primary killed (MariaDB: kill -9; PostgreSQL: immediate shutdown), then restarted.
// Prints, per cluster: requests before/after, requests failed (by operation), the longest stall
// (no request of any kind acknowledged) after the kill, the time to the first acknowledged write
// on the secondary, and p99 latency before and around the kill.
// Run: cd packages/oocd-sql && pnpm bench:failover   (starts/reuses the replica servers)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import pg from 'pg';
import { createOocdDriver } from '../src/index.js';
import { caughtUp, mariadbAdmin, replicaCommand, replicatedFixture, waitApplied, waitFor } from '../test/failover/support/replicas.js';
import { parseTestUrl } from '../test/failover/support/servers.js';
import { type LoadEvent, longestStall, startWriterLoad } from '../test/failover/support/writer-load.js';

const script = join(dirname(fileURLToPath(import.meta.url)), '../../../scripts/dbs-replicas.sh');
const BEFORE_MS = Number(process.env.BENCH_BEFORE_MS ?? 3000);
const AFTER_MS = Number(process.env.BENCH_AFTER_MS ?? 5000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function serverEnv(): Record<string, string> {
  const out = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

/** Readers of keys the setters wrote, as many as asked, until stopped. */
function startReaders(oocd: OutOfContextDataService, n: number, events: LoadEvent[]) {
  let running = true;
  const loops = Array.from({ length: n }, async (_, id) => {
    for (let i = 0; running; i++) {
      const key = `/load/set${id % 2}/${i % 50}`;
      const start = performance.now();
      try {
        await oocd.get(key);
        events.push({ op: 'get' as 'set', key, value: '', start, end: performance.now() });
      } catch (error) {
        events.push({ op: 'get' as 'set', key, value: '', start, end: performance.now(), error });
        await sleep(20);
      }
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? 0;
};

interface Figures {
  cluster: string;
  before: number;
  after: number;
  failed: Record<string, number>;
  stallMs: number;
  firstWriteMs: number;
  p99BeforeMs: number;
  p99AroundMs: number;
  retried: string;
}

async function measure(
  cluster: string,
  url: string,
  kill: () => Promise<void>,
  restart: () => Promise<void>,
  login: { user: string; password: string },
) {
  const logLines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    logLines.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const oocd = await openOocd(
      { class: 'sql', url, dataUser: login.user, dataUserPassword: login.password, reaperInterval: 0, poolSize: 10 },
      { backends: { sql: createOocdDriver } },
    );
    const load = startWriterLoad(oocd, { setters: 6, creators: 2, prefix: '/load' });
    const stopReaders = startReaders(oocd, 4, load.events);
    await sleep(BEFORE_MS);
    const killAt = performance.now();
    await kill();
    await sleep(AFTER_MS);
    await stopReaders();
    const events = await load.stop();
    await oocd.close();
    const after = events.filter((e) => e.start >= killAt - 2000);
    const failed: Record<string, number> = {};
    for (const e of after.filter((x) => x.error)) failed[e.op] = (failed[e.op] ?? 0) + 1;
    const firstWrite = events.filter((e) => !e.error && e.op !== ('get' as string) && e.start > killAt).sort((a, b) => a.end - b.end)[0];
    const figures: Figures = {
      cluster,
      before: events.filter((e) => e.end < killAt).length,
      after: events.filter((e) => e.end >= killAt).length,
      failed,
      stallMs: longestStall(events, killAt, killAt + AFTER_MS),
      firstWriteMs: firstWrite ? firstWrite.end - killAt : Number.NaN,
      p99BeforeMs: p99(events.filter((e) => !e.error && e.end < killAt).map((e) => e.end - e.start)),
      p99AroundMs: p99(events.filter((e) => !e.error && e.end >= killAt && e.end < killAt + 2000).map((e) => e.end - e.start)),
      retried: logLines.filter((l) => l.includes(' retried on the next host')).length.toString(),
    };
    await restart();
    return { figures, log: logLines };
  } finally {
    process.stderr.write = write;
  }
}

const env = serverEnv();
const results: Figures[] = [];

{
  const m = parseTestUrl(env.AUTHSTATE_TEST_REPLICA_MARIADB_URL as string);
  const [h1, h2] = m.hosts as [{ host: string; port: number }, { host: string; port: number }];
  const [node1] = (env.AUTHSTATE_TEST_REPLICA_MARIADB_NODES as string).split(',') as [string];
  const admin = { user: m.user, password: m.password };
  let n1 = await mariadbAdmin(h1, admin);
  const n2 = await mariadbAdmin(h2, admin);
  await waitFor('replication running', async () => (await caughtUp(n1)) && (await caughtUp(n2)));
  const fx = await replicatedFixture(n1);
  await waitApplied(n1, n2);
  await n1.end();
  const { figures, log } = await measure(
    'MariaDB 10.11 pair, semi-sync, kill -9',
    `mariadb://${h1.host}:${h1.port},${h2.host}:${h2.port}/${fx.database}`,
    () => replicaCommand(script, 'node-kill', node1),
    async () => {
      await replicaCommand(script, 'node-start', node1);
      n1 = await mariadbAdmin(h1, admin);
      await waitFor('node 1 replicating', () => caughtUp(n1));
      await waitApplied(n2, n1);
    },
    { user: fx.user, password: fx.password },
  );
  results.push(figures);
  process.stdout.write(log.filter((l) => /marked down|moves|returns/.test(l)).join(''));
  await fx.drop(n1);
  await n1.end();
  await n2.end();
}

{
  const p = parseTestUrl(env.AUTHSTATE_TEST_REPLICA_POSTGRES_URL as string);
  const [node1] = (env.AUTHSTATE_TEST_REPLICA_POSTGRES_NODES as string).split(',') as [string];
  const database = `fo_bench_${randomBytes(3).toString('hex')}`;
  const admin = async (h: { host: string; port: number }, sql: string) => {
    const c = new pg.Client({ ...h, user: p.user, password: p.password, database: p.database });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  for (const h of p.hosts) await admin(h, `CREATE DATABASE ${database}`);
  // Same schema on both servers: the backend creates its table on each once.
  for (const h of p.hosts) {
    const one = await openOocd(
      {
        class: 'sql',
        url: `postgres://${h.host}:${h.port}/${database}`,
        dataUser: p.user,
        dataUserPassword: p.password,
        reaperInterval: 0,
      },
      { backends: { sql: createOocdDriver } },
    );
    await one.close();
  }
  const { figures, log } = await measure(
    'PostgreSQL 15 pair (independent), immediate shutdown',
    `postgres://${p.hosts.map((h) => `${h.host}:${h.port}`).join(',')}/${database}`,
    () => replicaCommand(script, 'node-kill', node1),
    () => replicaCommand(script, 'node-start', node1),
    { user: p.user, password: p.password },
  );
  results.push(figures);
  process.stdout.write(log.filter((l) => /marked down|moves|returns/.test(l)).join(''));
  for (const h of p.hosts) await admin(h, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}

console.log(
  '\n| cluster | requests before / after kill | failed (by op) | longest stall | first write on secondary | p99 before | p99 in the 2 s after | retried |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const failed =
    Object.entries(r.failed)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ') || '0';
  console.log(
    `| ${r.cluster} | ${r.before} / ${r.after} | ${failed} | ${r.stallMs.toFixed(0)} ms | ${r.firstWriteMs.toFixed(0)} ms | ${r.p99BeforeMs.toFixed(1)} ms | ${r.p99AroundMs.toFixed(1)} ms | ${r.retried} |`,
  );
}
