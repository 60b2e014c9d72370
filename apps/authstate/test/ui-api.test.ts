import { join } from 'node:path';
import type { OutOfContextDataService } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { openBackend } from '../src/backend-options.js';
import { buildApp } from '../src/http/app.js';
import { meteredService } from '../src/http/metered-service.js';
import { Metrics } from '../src/http/metrics.js';
import { registerUiApi } from '../src/http/ui/api.js';
import { CHILDREN_SHOWN } from '../src/http/ui/branch-view.js';
import { openExpiredEntries } from '../src/http/ui/expired-entries.js';
import { tempDir } from './helpers/cli.js';

// The page's routes in a real app over real backends (a directory, a SQLite file), in process.

const TOKEN = 'ui-api-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const MIN = 60_000;

const BACKENDS: [string, (dir: string) => Record<string, string>][] = [
  ['fs', (dir) => ({ class: 'fs', dir: join(dir, 'oocd') })],
  ['sqlite', (dir) => ({ class: 'sql', url: `sqlite:${join(dir, 'oocd.sqlite')}` })],
];

describe.each(BACKENDS)('the page routes on %s', (_name, config) => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let oocd: OutOfContextDataService;
  let app: FastifyInstance;
  let base: string;
  /** A real HTTP request to the listening app (fastify's inject cannot load under jest's ESM mode). */
  const call = async (method: string, url: string, headers: Record<string, string> = auth) => {
    const res = await fetch(`${base}${url}`, { method, headers, redirect: 'manual' });
    const body = await res.text();
    return { statusCode: res.status, headers: Object.fromEntries(res.headers), body, json: () => JSON.parse(body) };
  };
  const get = (url: string, headers?: Record<string, string>) => call('GET', url, headers);

  beforeAll(async () => {
    tmp = await tempDir('authstate-ui-');
    const metrics = new Metrics();
    oocd = meteredService(await openBackend(config(tmp.dir)), metrics);
    app = await buildApp({ oocd, metrics, token: TOKEN });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    for (const k of ['/a/b/1', '/a/b/2', '/a/b/3', '/a/c', '/a/c/d', '/x']) await oocd.set(k, `v${k}`, { ttlMs: 10 * MIN });
  });
  afterAll(async () => {
    await app?.close();
    await oocd?.close();
    await tmp?.cleanup();
  });

  test('the static shell is served without a token and holds no data; every /ui/api route needs the token', async () => {
    const redirect = await get('/ui', {});
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('ui/');
    const page = await get('/ui/', {});
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toContain('<script src="app.js" defer></script>');
    expect(page.body).not.toContain('/a/b');
    for (const [file, type] of [
      ['app.js', /^text\/javascript/],
      ['style.css', /^text\/css/],
      ['icon.svg', /^image\/svg\+xml/],
    ] as const) {
      const r = await get(`/ui/${file}`, {});
      expect([r.statusCode, r.headers['content-type']]).toEqual([200, expect.stringMatching(type)]);
    }
    for (const url of ['/ui/api/tree/', '/ui/api/tree/a', '/ui/api/entry/x', '/ui/api/expiry/', '/ui/api/health', '/ui/other']) {
      expect((await get(url, {})).statusCode).toBe(401);
      expect((await get(url, { authorization: `Bearer ${TOKEN}x` })).statusCode).toBe(401);
    }
    expect((await get('/ui/other')).statusCode).toBe(404);
  });

  test('no write routes: POST, PUT and DELETE under /ui are unknown even with the token', async () => {
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      for (const url of ['/ui/api/tree/a', '/ui/api/entry/x', '/ui/']) {
        const r = await call(method, url);
        expect([method, url, r.statusCode]).toEqual([method, url, 404]);
      }
    }
    expect(await oocd.get('/x')).toBeDefined();
  });

  test('a branch: its children, whether each is an entry, and the live entries below each', async () => {
    const root = (await get('/ui/api/tree/')).json();
    expect(root).toEqual({
      branch: '/',
      childTotal: 2,
      children: [
        { name: 'a', key: '/a', entry: false, below: 5 },
        { name: 'x', key: '/x', entry: true, expiresAt: expect.any(String), below: 0 },
      ],
    });
    const a = (await get('/ui/api/tree/a')).json();
    expect(a.children).toEqual([
      { name: 'b', key: '/a/b', entry: false, below: 3 },
      { name: 'c', key: '/a/c', entry: true, expiresAt: expect.any(String), below: 1 },
    ]);
    for (const c of [...root.children, ...a.children]) expect(c.below).toBe((await oocd.list(c.key, { recursive: true })).length);
    expect((await get('/ui/api/tree')).json().branch).toBe('/');
    expect((await get('/ui/api/tree/a/')).json()).toEqual(a);
  });

  test(`at most ${CHILDREN_SHOWN} children are sent, with the true total`, async () => {
    const n = CHILDREN_SHOWN + 5;
    for (let i = 0; i < n; i++) await oocd.set(`/many/k${String(i).padStart(4, '0')}`, 'v', { ttlMs: 10 * MIN });
    const view = (await get('/ui/api/tree/many')).json();
    expect(view.childTotal).toBe(n);
    expect(view.children).toHaveLength(CHILDREN_SHOWN);
    expect(view.children[0].name).toBe('k0000');
    await oocd.remove('/many', { recursive: true });
  });

  test('an entry: value cut at 1024 bytes on a whole character, its size, expiry and metadata; hostile keys stay text', async () => {
    const key = '/h/<img src=x onerror=alert(1)>/ü x';
    const expiresAt = new Date(Date.now() + 5 * MIN);
    await oocd.set(key, 'é'.repeat(600), { expiresAt, metadata: { issuer: '<b>idp</b>' } });
    const r = await get('/ui/api/entry/h/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/%C3%BC%20x');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      key,
      bytes: 1200,
      value: 'é'.repeat(512),
      truncated: true,
      expiresAt: expiresAt.toISOString(),
      metadata: { issuer: '<b>idp</b>' },
    });
    const small = (await get('/ui/api/entry/x')).json();
    expect([small.value, small.truncated, small.bytes]).toEqual(['v/x', false, 3]);
    expect((await get('/ui/api/entry/absent')).statusCode).toBe(404);
    expect((await get('/ui/api/entry/a%2Fb')).json().error).toBe('INVALID_KEY');
  });

  test('the expiry histogram counts each live entry once, in the bucket of its remaining time', async () => {
    const now = Date.now();
    const at = (ms: number) => ({ expiresAt: new Date(now + ms) });
    await oocd.set('/e/a', 'v', at(30_000));
    await oocd.set('/e/b', 'v', at(3 * MIN));
    await oocd.set('/e/c/d', 'v', at(2 * 60 * MIN));
    await oocd.set('/e/c/e', 'v', at(3 * 24 * 60 * MIN));
    await oocd.set('/e/f', 'v', at(60 * 24 * 60 * MIN));
    await oocd.set('/e/gone', 'v', at(-MIN));
    const h = (await get('/ui/api/expiry/e')).json();
    expect(h.branch).toBe('/e');
    expect(h.live).toBe(5);
    const counts = Object.fromEntries(h.buckets.map((b: { label: string; count: number }) => [b.label, b.count]));
    expect(counts).toEqual({
      '< 1 min': 1,
      '1–5 min': 1,
      '5–15 min': 0,
      '15–60 min': 0,
      '1–6 h': 1,
      '6–24 h': 0,
      '1–7 d': 1,
      '7–30 d': 0,
      '> 30 d': 1,
    });
    expect((await get('/ui/api/expiry/e/')).json().branch).toBe('/e');
    expect((await get('/ui/api/expiry/a/b%01c')).json().error).toBe('INVALID_KEY');
    const all = (await get('/ui/api/expiry/')).json();
    expect(all.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(all.live);
    expect(all.live).toBe((await oocd.list('/', { recursive: true })).length);
  });

  test('health: the numbers /metrics exports, including the last reaper run', async () => {
    expect((await call('POST', '/v1/reap')).statusCode).toBe(200);
    const metricsText = (await get('/metrics')).body;
    const h = (await get('/ui/api/health')).json();
    const listCount = Number(/^authstate_oocd_operations_total\{op="list"\} (\d+)$/m.exec(metricsText)?.[1]);
    expect(listCount).toBeGreaterThan(0);
    expect(h.operations.find((o: { op: string }) => o.op === 'list').count).toBe(listCount);
    expect(h.reaper.runs).toBe(Number(/^authstate_oocd_reaper_runs_total (\d+)$/m.exec(metricsText)?.[1]));
    expect(h.reaper.runs).toBeGreaterThanOrEqual(1);
    expect(h.reaper.last.deleted).toBe(Number(/^authstate_oocd_reaper_last_deleted (\d+)$/m.exec(metricsText)?.[1]));
    expect(Date.parse(h.reaper.last.at)).toBeLessThanOrEqual(Date.parse(h.at));
    expect(h.responses['200']).toBeGreaterThan(0);
    expect(h.failover).toBeUndefined();
  });

  test('with a second view of the storage, the expiry view counts entries expired but not reaped yet', async () => {
    const now = Date.now();
    await oocd.set('/gone/a', 'v', { expiresAt: new Date(now - MIN) });
    await oocd.set('/gone/b/c', 'v', { expiresAt: new Date(now - 1) });
    await oocd.set('/gone/d', 'v', { expiresAt: new Date(now + 10 * MIN) });
    await oocd.set('/elsewhere', 'v', { expiresAt: new Date(now - MIN) });
    const expired = await openExpiredEntries(config(tmp.dir));
    if (!expired) throw new Error('a fs or sql backend has a second view');
    const bare = Fastify();
    try {
      registerUiApi(bare, oocd, new Metrics(), expired);
      await bare.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/ui/api/expiry/gone`;
      const h = (await (await fetch(url)).json()) as { live: number; expired: number };
      expect([h.live, h.expired]).toEqual([1, 2]);
      expect(await expired.count('/', new Date())).toBeGreaterThanOrEqual(3);
      expect(await oocd.reap()).toBeGreaterThanOrEqual(3);
      expect(await expired.count('/', new Date())).toBe(0);
      expect(((await (await fetch(url)).json()) as { expired: number }).expired).toBe(0);
    } finally {
      await bare.close();
      await expired.close();
    }
    // The page's own app has no second view unless it is given one: the field is absent then.
    expect((await get('/ui/api/expiry/gone')).json().expired).toBeUndefined();
  });
});

test('memory and off have no second view of their storage', async () => {
  expect(await openExpiredEntries({ class: 'memory' })).toBeUndefined();
  expect(await openExpiredEntries({ class: 'off' })).toBeUndefined();
});
