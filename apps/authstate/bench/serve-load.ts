// Load test of `authstate oocd serve`: the server runs in its own OS process, autocannon drives it
// from this one over loopback. Bounded: each run lasts BENCH_SECONDS (default 5).
// Usage: pnpm bench   (from apps/authstate)
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type RequestSpec } from 'autocannon';
import { DataServiceClient } from '../src/http/client.js';
import { startServe } from '../test/helpers/cli.js';

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
}

async function run(url: string, token: string | undefined, spec: RequestSpec): Promise<Omit<Row, 'backend' | 'route'>> {
  const headers: Record<string, string> = { ...spec.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, requests: [{ ...spec, headers }] });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

async function benchBackend(name: string, args: string[], token: string, dir: string): Promise<Row[]> {
  await writeFile(join(dir, 'token'), token, { mode: 0o600 });
  const srv = await startServe([...args, '--token-file', join(dir, 'token')]);
  try {
    const client = new DataServiceClient(srv.url, token);
    for (let i = 0; i < PREFILL; i++) await client.put(`/bench/get/${i}`, `value ${i}`, { ttlMs: 3_600_000 });
    let n = 0;
    let put = 0;
    let taken = 0;
    const rows: Row[] = [];
    const add = async (route: string, spec: RequestSpec) => rows.push({ backend: name, route, ...(await run(srv.url, token, spec)) });
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
  rows.push(...(await benchBackend('memory', ['--backend', 'memory'], token, dir)));
  rows.push(...(await benchBackend('fs', ['--dir', join(dir, 'fs')], token, dir)));
  rows.push(...(await benchBackend('SQLite', ['--url', `sqlite:${join(dir, 'oocd.sqlite')}`], token, dir)));
  const baseline = new Map(rows.filter((r) => r.route.startsWith('GET /healthz')).map((r) => [r.backend, r.rps]));
  console.log(`\n${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · Node ${process.version}`);
  console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per row, server in a separate process on 127.0.0.1\n`);
  console.log('| backend | request | req/s | p50 ms | p99 ms | errors | non-2xx | vs /healthz |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = (r.rps / (baseline.get(r.backend) ?? r.rps)).toFixed(2);
    console.log(`| ${r.backend} | ${r.route} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${ratio} |`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
