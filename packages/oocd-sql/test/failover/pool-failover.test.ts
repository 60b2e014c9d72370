// Fail-over pool behaviour against the real test servers of scripts/dbs.sh, with two loopback
// TCP proxies in front of one server standing in for two nodes: a proxy can be killed (its
// connections reset, new connects refused) and revived at will, so every step is deterministic.
// The real two-node clusters (kill -9 of a replicating MariaDB, a stopped PostgreSQL) are in
// replicas-*.test.ts.

import { isAuthstateError } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sql } from 'kysely';
import { type FailoverEvent, failoverPoolStats, NoHostAvailableError } from '../../src/failover/index.js';
import { runWithFailover } from '../../src/retry/failover-retry.js';
import { failoverDialects } from './support/dialects.js';
import { parseTestUrl, serverEnv } from './support/servers.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { createTempLogin } from './support/temp-user.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const configured = failoverDialects.filter((d) => serverEnv(d.env, 'eval "$(bash scripts/dbs.sh start)"'));
const proxies: TcpProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.close();
});

/** Polls `probe` (which runs queries) until `done()` or the deadline; returns whether it got there. */
async function until(done: () => boolean, probe: () => Promise<unknown>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await probe();
    if (done()) return true;
    await sleep(50);
  }
  return done();
}

describe.each(configured.length ? configured : failoverDialects.slice(0, 0))('fail-over pool on $kind', (dialect) => {
  // A login with a distinctive password, to prove it shows up in no message or log line.
  let temp: Awaited<ReturnType<typeof createTempLogin>>;
  beforeAll(async () => {
    temp = await createTempLogin(dialect.kind, process.env[dialect.env] as string);
  });
  afterAll(() => temp.drop());
  const login = () => {
    const u = parseTestUrl(process.env[dialect.env] as string);
    const server = u.hosts[0] as { host: string; port: number };
    return { server, login: { user: temp.user, password: temp.password, database: temp.database } };
  };

  test('moves to the next host when the first dies, retries only idempotent work, returns after the lifetime', async () => {
    const { server, login: creds } = login();
    const a = await startTcpProxy(server.port, server.host);
    const b = await startTcpProxy(server.port, server.host);
    proxies.push(a, b);
    const events: FailoverEvent[] = [];
    const lines: string[] = [];
    const { db, control } = dialect.open(
      [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
      creds,
      {
        failoverTimeout: 1,
        maxConnectionLifetime: 2,
        maxConnections: 4,
        logger: (line, e) => {
          lines.push(line);
          events.push(e);
        },
      },
    );
    const labelA = `127.0.0.1:${a.port}`;
    const labelB = `127.0.0.1:${b.port}`;
    const ping = () => sql`SELECT 1 AS one`.execute(db);
    try {
      // Healthy: everything goes to the first host.
      await Promise.all([ping(), ping(), ping()]);
      expect(a.accepted()).toBeGreaterThan(0);
      expect(b.accepted()).toBe(0);
      expect(control.stats().currentHost).toBe(labelA);

      // The first host dies under two running statements.
      const idempotent = runWithFailover(control, { name: 'get', idempotent: true }, () => dialect.sleep(0.4).execute(db));
      const once = runWithFailover(control, { name: 'create', idempotent: false }, () => dialect.sleep(0.4).execute(db));
      const onceResult = once.then(
        () => undefined,
        (e: unknown) => e,
      );
      await sleep(150);
      await a.kill();
      await expect(idempotent).resolves.toBeDefined();
      const unknown = await onceResult;
      expect(isAuthstateError(unknown, 'BACKEND')).toBe(true);
      expect(String((unknown as Error).message)).toMatch(/create: .*was lost.*unknown.*not retried/);
      expect(String((unknown as Error).message)).toContain(labelA);
      expect(b.accepted()).toBeGreaterThan(0);

      // New work runs on the second host at once.
      await Promise.all([ping(), ping(), ping()]);
      let s = control.stats();
      expect(s.currentHost).toBe(labelB);
      // Marked down (not `down` now: the 1 s mark may have ended already on a busy machine).
      expect(s.hosts[0]?.markedDown).toBeGreaterThanOrEqual(1);
      expect(s.hosts[0]?.open).toBe(0);
      expect(s.retries).toBe(1);
      expect(s.retriesSucceeded).toBe(1);
      expect(s.outcomeUnknown).toBe(1);
      expect(s.moves).toBe(1);
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['host-down', 'moved', 'retry', 'outcome-unknown']));
      expect(events.find((e) => e.type === 'host-down')).toMatchObject({ host: labelA });
      expect(events.find((e) => e.type === 'moved')).toMatchObject({ from: labelA, to: labelB });

      // The first host comes back: once its mark ends and the connections' lifetime has passed,
      // traffic is on it again and the second host's connections are closed.
      await a.revive();
      const back = await until(
        () => a.active() > 0 && b.active() === 0,
        () => Promise.all([ping(), ping()]),
        8000,
      );
      expect(back).toBe(true);
      s = control.stats();
      expect(s.currentHost).toBe(labelA);
      expect(s.returns).toBe(1);
      expect(s.lifetimeRetired).toBeGreaterThan(0);
      expect(events.find((e) => e.type === 'returned')).toMatchObject({ from: labelB, to: labelA });

      // No host at all: a clear error naming both hosts (the idle connection that breaks first
      // makes the read retry; the retry finds no host).
      await a.kill();
      await b.kill();
      const none = await runWithFailover(control, { name: 'get', idempotent: true }, ping).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(none).toBeInstanceOf(NoHostAvailableError);
      expect(String((none as Error).message)).toContain(labelA);
      expect(String((none as Error).message)).toContain(labelB);
      expect(String((none as Error).message)).not.toContain(creds.password);
      for (const line of lines) expect(line).not.toContain(creds.password);
      expect(lines.length).toBe(events.length);
      // The process-wide registry (for metrics of pools made from config) sees this pool.
      expect(failoverPoolStats().find((x) => x.hosts[0]?.host === labelA)?.moves).toBe(1);
    } finally {
      await db.destroy();
    }
    expect(failoverPoolStats().find((x) => x.hosts[0]?.host === labelA)).toBeUndefined();
  }, 30_000);

  (dialect.streamSleep ? test : test.skip)('a streamed query whose host dies marks the host down like a plain one', async () => {
    const { server, login: creds } = login();
    const a = await startTcpProxy(server.port, server.host);
    const b = await startTcpProxy(server.port, server.host);
    proxies.push(a, b);
    const hosts = [
      { host: '127.0.0.1', port: a.port },
      { host: '127.0.0.1', port: b.port },
    ];
    const { db, control } = dialect.open(hosts, creds, { failoverTimeout: 30, logger: () => {} });
    const stream = dialect.streamSleep?.(db, 5) as AsyncIterable<unknown>;
    try {
      const consumed = (async () => {
        for await (const _row of stream) {
          // the row would come after 5 s; the host dies first
        }
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      // Wait until the pool has handed the streamed statement a connection to the first "host"
      // (Kysely sends the statement on it at once), then kill that host.
      const opened = () => control.stats().hosts[0]?.opened === 1;
      expect(await until(opened, () => sleep(0), 10_000)).toBe(true);
      await a.kill();
      const error = await consumed;
      expect(error).toBeDefined();
      expect(control.stats().hosts[0]?.down).toBe(true);
      expect(control.stats().queryFailures).toBe(1);
      expect(control.failureOf(error)).toBe(`127.0.0.1:${a.port}`);
      // New work goes to the second host at once.
      await sql`SELECT 1`.execute(db);
      expect(control.stats().currentHost).toBe(`127.0.0.1:${b.port}`);
    } finally {
      await db.destroy();
    }
  });

  test('an authentication error is not a host failure: no fail-over, the error is reported', async () => {
    const { server, login: creds } = login();
    const { db, control } = dialect.open([server, server], { ...creds, password: `${creds.password}-wrong` }, { logger: () => {} });
    try {
      await expect(sql`SELECT 1`.execute(db)).rejects.toThrow(/denied|authentication/i);
      expect(control.stats().markedDown).toBe(0);
      expect(control.stats().connectionsOpened).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});
