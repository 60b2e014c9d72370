// Fail-over pool behaviour against the real test servers of scripts/dbs.sh, with two loopback
// TCP proxies in front of one server standing in for two nodes: a proxy can be killed (its
// connections reset, new connects refused) and revived at will, so every step is deterministic.
// The pools run on an injected clock: a host's down-mark and a connection's lifetime end only when
// the test moves the clock, never because the machine was slow.
// The real two-node clusters (kill -9 of a replicating MariaDB, a stopped PostgreSQL) are in
// replicas-*.test.ts.

import { isAuthstateError } from '@authstate/oocd-core';
import { adminRows, waitFor } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sql } from 'kysely';
import { type FailoverEvent, failoverPoolStats, NoHostAvailableError } from '../../src/failover/index.js';
import { runWithFailover } from '../../src/retry/failover-retry.js';
import { failoverDialects } from './support/dialects.js';
import { parseTestUrl, serverEnv } from './support/servers.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { createTempLogin } from './support/temp-user.js';

const configured = failoverDialects.filter((d) => serverEnv(d.env, 'eval "$(bash scripts/dbs.sh start)"'));
const proxies: TcpProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.close();
});

/** A clock the pool reads (`now` option) that moves only when the test says so. */
function manualClock() {
  let t = Date.now();
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Statements of `user` sleeping (SLEEP / pg_sleep) on the server right now. */
async function sleepingStatements(kind: 'mariadb' | 'postgres', adminUrl: string, user: string): Promise<number> {
  const rows =
    kind === 'mariadb'
      ? await adminRows(
          kind,
          adminUrl,
          `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = '${user}' AND UPPER(INFO) LIKE '%SLEEP(%'`,
        )
      : await adminRows(
          kind,
          adminUrl,
          `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE usename = '${user}' AND state = 'active' AND query ILIKE '%pg_sleep(%'`,
        );
  return Number(rows[0]?.n);
}

/** Long enough that a statement still runs when the test kills its host, on any machine (ended by the kill). */
const HELD_SECONDS = 600;

describe.each(configured.length ? configured : failoverDialects.slice(0, 0))('fail-over pool on $kind', (dialect) => {
  // A login with a distinctive password, to prove it shows up in no message or log line.
  let temp: Awaited<ReturnType<typeof createTempLogin>>;
  beforeAll(async () => {
    temp = await createTempLogin(dialect.kind, process.env[dialect.env] as string);
  }, 600_000);
  afterAll(() => temp.drop());
  const admin = () => process.env[dialect.env] as string;
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
    const clock = manualClock();
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
        now: clock.now,
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

      // The first host dies under two running statements (killed once the server runs both; the
      // read's retry on the second host does not sleep).
      let attempts = 0;
      const idempotent = runWithFailover(control, { name: 'get', idempotent: true }, () =>
        dialect.sleep(attempts++ === 0 ? HELD_SECONDS : 0).execute(db),
      );
      const once = runWithFailover(control, { name: 'create', idempotent: false }, () => dialect.sleep(HELD_SECONDS).execute(db));
      const onceResult = once.then(
        () => undefined,
        (e: unknown) => e,
      );
      await waitFor(
        'both statements running on the server',
        async () => (await sleepingStatements(dialect.kind, admin(), creds.user)) === 2,
      );
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
      // Marked down, and still so: the injected clock has not moved.
      expect(s.hosts[0]?.markedDown).toBe(1);
      expect(s.hosts[0]?.down).toBe(true);
      expect(s.hosts[0]?.open).toBe(0);
      expect(s.retries).toBe(1);
      expect(s.retriesSucceeded).toBe(1);
      expect(s.outcomeUnknown).toBe(1);
      expect(s.moves).toBe(1);
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['host-down', 'moved', 'retry', 'outcome-unknown']));
      expect(events.find((e) => e.type === 'host-down')).toMatchObject({ host: labelA });
      expect(events.find((e) => e.type === 'moved')).toMatchObject({ from: labelA, to: labelB });

      // The first host comes back: while its mark lasts, traffic stays on the second host; once
      // the mark (1 s) and the connections' lifetime (2 s) have passed, traffic is on it again and
      // the second host's connections are closed.
      const acceptedByA = a.accepted();
      await a.revive();
      await Promise.all([ping(), ping()]);
      expect(control.stats().currentHost).toBe(labelB);
      expect(a.accepted()).toBe(acceptedByA);
      clock.advance(2_500);
      await waitFor('traffic back on the first host only', async () => {
        await Promise.all([ping(), ping()]);
        return a.active() > 0 && b.active() === 0;
      });
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
      await temp.endSessions();
    }
    expect(failoverPoolStats().find((x) => x.hosts[0]?.host === labelA)).toBeUndefined();
  }, 600_000);

  (dialect.streamSleep ? test : test.skip)(
    'a streamed query whose host dies marks the host down like a plain one',
    async () => {
      const { server, login: creds } = login();
      const a = await startTcpProxy(server.port, server.host);
      const b = await startTcpProxy(server.port, server.host);
      proxies.push(a, b);
      const hosts = [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ];
      const clock = manualClock();
      const { db, control } = dialect.open(hosts, creds, { failoverTimeout: 30, logger: () => {}, now: clock.now });
      const stream = dialect.streamSleep?.(db, HELD_SECONDS) as AsyncIterable<unknown>;
      try {
        const consumed = (async () => {
          for await (const _row of stream) {
            // the row would come after HELD_SECONDS; the host dies first
          }
        })().then(
          () => undefined,
          (e: unknown) => e,
        );
        // Wait until the server runs the streamed statement, then kill its host.
        await waitFor(
          'the streamed statement running on the server',
          async () => (await sleepingStatements(dialect.kind, admin(), creds.user)) === 1,
        );
        expect(control.stats().hosts[0]?.opened).toBe(1);
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
        await temp.endSessions();
      }
    },
    600_000,
  );

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
