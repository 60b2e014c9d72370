import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataServiceClient } from '@authstate/client';
import type { OocdConfig } from '@authstate/oocd-core';
import { redactUrl } from '../backend-options.js';
import { startDataService } from '../http/server.js';
import { check } from './check.js';
import type { DemoReporter } from './reporter.js';

/**
 * Starts the data service in-process on 127.0.0.1 (random port, generated token) over `config`,
 * and stores, lists, takes and expires entries through real HTTP requests, checking each result.
 */
export async function runOocdDemo(label: string, config: OocdConfig, report: DemoReporter): Promise<void> {
  report.section(`Data service on ${label}`);
  const token = randomBytes(24).toString('base64url');
  const svc = await startDataService({ config: { ...config, reaperInterval: 0 }, host: '127.0.0.1', port: 0, token });
  try {
    const where = config.dir ?? redactUrl(String(config.url ?? ''));
    report.step(
      `started on ${svc.url} with a generated token, backend ${label} at ${where}`,
      'the service binds to loopback and opens the backend',
    );
    const c = new DataServiceClient(svc.url, { token });
    const anonymous = new DataServiceClient(svc.url);

    const status = await anonymous.status('GET', '/v1/list/');
    check(status === 401, `a request without a token gets 401 (got ${status})`);
    report.step('GET /v1/list/ without a token → 401', 'nothing is served without the bearer token');

    await c.set('/demo/saml/msgid/a1', 'first message', { ttlMs: 3_600_000, metadata: { issuer: 'idp.example' } });
    await c.set('/demo/saml/msgid/a2', 'second message', { ttlMs: 3_600_000 });
    await c.set('/demo/oauth/code/x9', 'code for client-7', { ttlMs: 3_600_000, metadata: { client: 'client-7' } });
    const first = await c.create('/demo/replay/n-42', 'nonce', { ttlMs: 3_600_000 });
    const again = await c.create('/demo/replay/n-42', 'nonce', { ttlMs: 3_600_000 });
    check(first && !again, 'the first create succeeds and the second finds the entry');
    report.step(
      'PUT 4 entries; PUT ?ifAbsent=true twice on one key → 201 then 409',
      'entries are stored; create-if-absent detects a replay',
    );

    const got = await c.get('/demo/saml/msgid/a1');
    check(got?.value === 'first message' && got.metadata.issuer === 'idp.example', 'the entry reads back with its metadata');
    report.step(`GET /v1/entries/demo/saml/msgid/a1 → "${got?.value}" issuer=${got?.metadata.issuer}`, 'value and metadata round-trip');

    const listed = await c.list('/demo/saml/msgid');
    const tree = await c.list('/demo', { recursive: true });
    check(listed.length === 2 && tree.length === 4, `list shows 2 direct and 4 recursive entries (got ${listed.length}, ${tree.length})`);
    report.step(`GET /v1/list/demo/saml/msgid → ${listed.map((e) => e.key).join(', ')}`, 'entries are listed by branch, sorted');
    report.detail(`children of /demo: ${(await c.children('/demo')).join(', ')}`);

    const taken = await c.take('/demo/oauth/code/x9');
    const takenAgain = await c.take('/demo/oauth/code/x9');
    check(taken?.value === 'code for client-7' && takenAgain === undefined, 'take returns the entry once and then 404');
    report.step(
      'POST /v1/take/demo/oauth/code/x9 twice → 200 then 404',
      'take reads and removes atomically: an OAuth code is redeemed once',
    );

    const short = await showExpiry(c);
    const reaped = await c.reap();
    check(reaped >= 1, `the reaper deletes the expired entry (reaped ${reaped})`);
    report.step(
      `PUT with ttlMs ${short.ttlMs}: GET → 200; once its expiry instant has passed: GET → 404; POST /v1/reap → ${reaped}`,
      'expired entries vanish at once and the reaper deletes them',
    );

    const removed = await c.remove('/demo', { recursive: true });
    report.step(`DELETE /v1/entries/demo?recursive=true → removed ${removed}`, 'a whole branch is removed in one call');
  } finally {
    await svc.close();
  }
  report.detail('service stopped; backend closed');
}

/**
 * Puts a short-lived entry, reads it back before it expires, waits until its expiry instant has
 * passed (the service runs on this process's clock) and checks that it is gone. A busy machine
 * may take longer than the TTL between the PUT and the GET: the GET is then not a proof either
 * way, and the entry is put again with a TTL four times as long (a GET that misses the entry
 * before its expiry instant fails the demo).
 */
async function showExpiry(c: DataServiceClient): Promise<{ ttlMs: number }> {
  const key = '/demo/short/lived';
  for (let ttlMs = 300; ; ttlMs *= 4) {
    const putAt = Date.now();
    await c.set(key, 'gone soon', { ttlMs });
    const seen = await c.get(key);
    if (!seen) {
      check(Date.now() - putAt >= ttlMs, 'the short-lived entry is visible before it expires');
      check(ttlMs < 300 * 4 ** 4, `the short-lived entry was never read back before its expiry (last TTL ${ttlMs} ms)`);
      continue;
    }
    const expiresAt = seen.expiresAt.getTime();
    while (Date.now() <= expiresAt) await sleep(expiresAt - Date.now() + 1);
    check((await c.get(key)) === undefined, 'the entry is invisible once its expiry instant has passed');
    return { ttlMs };
  }
}
