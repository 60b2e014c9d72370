// The OOCD conformance suite run against @authstate/client talking to a real `authstate oocd serve`
// process (the built CLI, an fs backend in a temp dir, the server's reaper off so only the tests reap).
// Every test gets an empty store: expired entries reaped, then every top-level branch removed.
// Skipped groups, because the HTTP API cannot do them:
// - 'reap': its "reap(now) judges expiry by the given instant" needs an instant, which the API does not
//   take (the server reaps by its own clock; the client refuses reap(now)). The other reap tests are below.
// - 'multi-process': its child processes open a backend driver through openOocd, not an HTTP client;
//   the fs backend's own run of the suite covers that race, and the 'races' group runs here over HTTP.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataServiceClient } from '@authstate/client';
import { runOocdConformance } from '@authstate/oocd-conformance';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type ServeProcess, startServe, tempDir } from './helpers/cli.js';

const TOKEN = 'client-conformance-token-0123456789';
let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
let srv: ServeProcess | undefined;

beforeAll(async () => {
  tmp = await tempDir('authstate-client-conformance-');
  await writeFile(join(tmp.dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
  const config = join(tmp.dir, 'oocd.properties');
  await writeFile(config, `class=fs\ndir=${join(tmp.dir, 'oocd')}\nreaperInterval=0\n`, { mode: 0o600 });
  srv = await startServe(['--config', config, '--token-file', join(tmp.dir, 'token')]);
}, 600_000);

afterAll(async () => {
  await srv?.stop();
  await tmp?.cleanup();
});

/** A client of the running server. */
function client(): DataServiceClient {
  if (!srv) throw new Error('the server did not start');
  return new DataServiceClient(srv.url, { token: TOKEN });
}

/** A client of an empty store: expired entries reaped, every top-level branch removed. */
async function emptied(): Promise<DataServiceClient> {
  const c = client();
  await c.reap();
  for (const name of await c.children('/')) await c.remove(`/${name}`, { recursive: true });
  return c;
}

runOocdConformance('@authstate/client over HTTP (fs backend)', {
  open: emptied,
  openSibling: async () => client(),
  skip: ['reap', 'multi-process'],
});

describe('@authstate/client reap over HTTP (the conformance reap group without reap(now))', () => {
  test('reap deletes the expired entries by the server clock, counts them, and leaves live ones; a reaped key can be created again', async () => {
    const c = await emptied();
    const past = { expiresAt: new Date(Date.now() - 1000) };
    await c.set('/r/dead1', 'd', past);
    await c.set('/r/deep/dead2', 'd', past);
    await c.set('/r/deep/er/dead3', 'd', past);
    await c.set('/r/live', 'l', { ttlMs: 3_600_000 });
    await c.set('/r/deep/live', 'l', { ttlMs: 3_600_000 });
    expect(await c.reap()).toBe(3);
    expect(await c.reap()).toBe(0);
    expect((await c.list('/r', { recursive: true })).map((e) => e.key)).toEqual(['/r/deep/live', '/r/live']);
    expect(await c.create('/r/dead1', 'new', { ttlMs: 3_600_000 })).toBe(true);
    expect((await c.get('/r/dead1'))?.value).toBe('new');
  });

  test('reap(now) with an instant is refused with INVALID_ARGUMENT, and nothing is reaped', async () => {
    const c = await emptied();
    await c.set('/r/soon', 's', { ttlMs: 60_000 });
    await expect(c.reap(new Date(Date.now() + 120_000))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await c.list('/r')).map((e) => e.key)).toEqual(['/r/soon']);
  });
});
