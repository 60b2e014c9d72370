// Load test of `authstate oocd serve`: the server runs in its own OS process, autocannon drives it
// from this one over loopback. Bounded: each run lasts BENCH_SECONDS (default 5).
// The server's event-loop delay per row comes from bench/loop-delay.mjs, preloaded into it.
// Usage: pnpm bench   (from apps/authstate; BENCH_BACKENDS=memory,fs,SQLite picks rows)
// BENCH_FS_SRC=label=/path/to/oocd-fs/src,… adds one fs row set per listed oocd-fs source tree
// (e.g. older commits' `src/`, extracted with `git archive`), so before and after run in one go.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataServiceClient } from '@authstate/client';
import autocannon, { type RequestSpec } from 'autocannon';
import { startServe } from '../test/helpers/cli.js';

const ONLY = process.env.BENCH_BACKENDS?.split(',') ?? ['memory', 'fs', 'SQLite'];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PREFILL = 1000;

interface Row {
  backend: string;
  route: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Event-loop delay of the server process during the row (ms), from bench/loop-delay.mjs. */
  loop: { p50: number; p99: number; max: number };
}

const LOOP_DELAY_PRELOAD = new URL('./loop-delay.mjs', import.meta.url).href;
const FS_SRC_PRELOAD = new URL('./fs-src-hook.mjs', import.meta.url).href;
const FS_SOURCES = (process.env.BENCH_FS_SRC ?? '')
  .split(',')
  .filter(Boolean)
  .map((s) => {
    const at = s.indexOf('=');
    if (at < 1) throw new Error(`BENCH_FS_SRC: expected label=/path/to/src, got ${JSON.stringify(s)}`);
    return { label: s.slice(0, at), src: resolve(s.slice(at + 1)) };
  });

/**
 * A copy of an oocd-fs source tree that resolves its imports (`@authstate/oocd-core`,
 * `fs-native-extensions`) through this checkout's `packages/oocd-fs/node_modules`; returns the
 * file URL of its index.ts.
 */
async function stageFsSource(src: string, into: string): Promise<string> {
  await cp(src, join(into, 'src'), { recursive: true });
  const modules = fileURLToPath(new URL('../../../packages/oocd-fs/node_modules', import.meta.url));
  await symlink(modules, join(into, 'node_modules'));
  await writeFile(join(into, 'package.json'), '{ "type": "module" }\n'); // ES modules, as in the package
  return pathToFileURL(join(into, 'src', 'index.ts')).href;
}

/** Asks the server for its event-loop delay since the last call (SIGUSR2 → one JSON line in `file`). */
async function loopDelay(pid: number, file: string): Promise<Row['loop']> {
  const lines = async () => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const before = (await lines()).length;
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 30_000; waited += 20) {
    const now = await lines();
    if (now.length > before) return JSON.parse(now[now.length - 1] as string);
    await sleep(20);
  }
  throw new Error('the server did not report its event-loop delay');
}

async function run(url: string, token: string | undefined, spec: RequestSpec): Promise<Omit<Row, 'backend' | 'route' | 'loop'>> {
  const headers: Record<string, string> = { ...spec.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, requests: [{ ...spec, headers }] });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

async function benchBackend(name: string, args: string[], token: string, dir: string, fsIndex?: string): Promise<Row[]> {
  await writeFile(join(dir, 'token'), token, { mode: 0o600 });
  const delays = join(dir, `loop-delay-${name.replace(/\W/g, '_')}`);
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs')).href;
  const preload = fsIndex ? `--import ${tsx} --import ${FS_SRC_PRELOAD} ` : '';
  const srv = await startServe([...args, '--token-file', join(dir, 'token')], {
    env: {
      NODE_OPTIONS: `${preload}--import ${LOOP_DELAY_PRELOAD}`,
      AUTHSTATE_BENCH_LOOP_DELAY: delays,
      AUTHSTATE_BENCH_FS_INDEX: fsIndex ?? '',
    },
  });
  const pid = srv.child.pid as number;
  try {
    const client = new DataServiceClient(srv.url, { token });
    for (let i = 0; i < PREFILL; i++) await client.set(`/bench/get/${i}`, `value ${i}`, { ttlMs: 3_600_000 });
    let n = 0;
    let put = 0;
    let taken = 0;
    const rows: Row[] = [];
    const add = async (route: string, spec: RequestSpec) => {
      await loopDelay(pid, delays); // start the row's measurement afresh
      const r = await run(srv.url, token, spec);
      rows.push({ backend: name, route, ...r, loop: await loopDelay(pid, delays) });
    };
    await add('GET /healthz (no auth, no backend)', { method: 'GET', path: '/healthz' });
    await add('GET /v1/entries/KEY', {
      method: 'GET',
      setupRequest: (req) => ({ ...req, path: `/v1/entries/bench/get/${n++ % PREFILL}` }),
    });
    const body = JSON.stringify({ value: 'x'.repeat(200), ttlMs: 600_000, metadata: { client: 'bench' } });
    await add('PUT /v1/entries/KEY (200 B)', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
      setupRequest: (req) => ({ ...req, path: `/v1/entries/bench/put/${put++}` }),
    });
    await add('POST /v1/take/KEY (entries the PUT row stored)', {
      method: 'POST',
      setupRequest: (req) => ({ ...req, path: `/v1/take/bench/put/${taken++}` }),
    });
    return rows;
  } finally {
    await srv.stop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'authstate-bench-'));
try {
  const token = randomBytes(24).toString('base64url');
  const rows: Row[] = [];
  if (ONLY.includes('memory')) rows.push(...(await benchBackend('memory', ['--backend', 'memory'], token, dir)));
  if (ONLY.includes('fs')) rows.push(...(await benchBackend('fs', ['--dir', join(dir, 'fs')], token, dir)));
  for (const [i, { label, src }] of FS_SOURCES.entries()) {
    const index = await stageFsSource(src, join(dir, `fs-src-${i}`));
    rows.push(...(await benchBackend(`fs (${label})`, ['--dir', join(dir, `fs-${i}`)], token, dir, index)));
  }
  if (ONLY.includes('SQLite')) rows.push(...(await benchBackend('SQLite', ['--url', `sqlite:${join(dir, 'oocd.sqlite')}`], token, dir)));
  const baseline = new Map(rows.filter((r) => r.route.startsWith('GET /healthz')).map((r) => [r.backend, r.rps]));
  console.log(`\n${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · Node ${process.version}`);
  console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per row, server in a separate process on 127.0.0.1\n`);
  console.log('| backend | request | req/s | p50 ms | p99 ms | errors | non-2xx | vs /healthz | loop delay p50 / p99 / max ms |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const ratio = (r.rps / (baseline.get(r.backend) ?? r.rps)).toFixed(2);
    const loop = `${r.loop.p50} / ${r.loop.p99} / ${r.loop.max}`;
    console.log(
      `| ${r.backend} | ${r.route} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${ratio} | ${loop} |`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
