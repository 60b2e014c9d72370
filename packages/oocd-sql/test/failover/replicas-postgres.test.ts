// Sequential fail-over on PostgreSQL (which the seed does not support): two independent servers
// of scripts/dbs-replicas.sh with the same schema, the OOCD service on
// postgres://127.0.0.1:5443,127.0.0.1:5444/<db> under a writer load, the first server stopped →
// connections move to the second; started again → they come back. The servers do not replicate
// here: data consistency across them is the operator's replication, not what this test proves.
// Every wait polls for a condition with a bound only a broken program reaches (support/replicas.ts).
import { randomBytes } from 'node:crypto';
import { createOocdService, type OocdConfig, type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { SqlOocdDriver } from '../../src/driver.js';
import { createOocdDriver } from '../../src/index.js';
import { nodesStatus } from '../../src/ops/index.js';
import { replicaCommand, replicaEnv, waitFor } from './support/replicas.js';
import { captureStderr } from './support/stderr-capture.js';
import { startWriterLoad } from './support/writer-load.js';

const env = replicaEnv('POSTGRES');

(env ? describe : describe.skip)('PostgreSQL pair (scripts/dbs-replicas.sh)', () => {
  const e = env as NonNullable<typeof env>;
  const [h1, h2] = e.hosts as [{ host: string; port: number }, { host: string; port: number }];
  const [node1] = e.nodes as [string, string];
  const label1 = `${h1.host}:${h1.port}`;
  const label2 = `${h2.host}:${h2.port}`;
  const tag = randomBytes(4).toString('hex');
  const database = `fo_${tag}`;
  const user = `fo_${tag}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const config = (url: string, extra: OocdConfig = {}): OocdConfig => ({
    class: 'sql',
    url,
    dataUser: user,
    dataUserPassword: password,
    reaperInterval: 0,
    ...extra,
  });
  const asAdmin = async <T>(host: { host: string; port: number }, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ ...host, user: e.user, password: e.password, database: e.database });
    c.on('error', () => {});
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => {});
    }
  };
  const connectionsOf = (host: { host: string; port: number }) =>
    asAdmin(host, async (c) => Number((await c.query('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE usename = $1', [user])).rows[0].n));

  beforeAll(async () => {
    for (const h of [h1, h2]) {
      await replicaCommand(e.script, 'node-start', h === h1 ? node1 : (e.nodes[1] as string));
      await asAdmin(h, async (c) => {
        await c.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
        await c.query(`CREATE DATABASE ${database} OWNER ${user}`);
      });
      // The same schema on both: the backend creates its table on each server once.
      const one = createOocdService(await SqlOocdDriver.open(config(`postgres://${h.host}:${h.port}/${database}`)), {
        reaperIntervalSec: 0,
      });
      await one.close();
    }
  }, 600_000);

  afterAll(async () => {
    await replicaCommand(e.script, 'node-start', node1);
    for (const h of [h1, h2]) {
      await asAdmin(h, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS ${user}`);
      }).catch(() => {});
    }
  }, 600_000);

  test('first server stopped → connections move to the second; started again → they come back', async () => {
    const stderr = captureStderr();
    let oocd: OutOfContextDataService | undefined;
    try {
      oocd = await openOocd(
        config(`postgres://${label1},${label2}/${database}`, { failoverTimeout: 2, maxConnectionLifetime: 2, poolSize: 4 }),
        {
          backends: { sql: createOocdDriver },
        },
      );
      const load = startWriterLoad(oocd, { setters: 3, creators: 0, prefix: '/load' });
      await waitFor('load on server 1', async () => load.ackedSince(0) > 20 && (await connectionsOf(h1)) > 0);
      expect(await connectionsOf(h2)).toBe(0);

      const stoppedAt = performance.now();
      await replicaCommand(e.script, 'node-stop', node1);
      await waitFor('writes on server 2', async () => load.ackedSince(stoppedAt) > 20 && (await connectionsOf(h2)) > 0);
      const during = await nodesStatus({ url: `postgres://${label1},${label2}/${database}`, user, password, connectTimeout: 30 });
      expect(during.map((n) => [n.host, n.reachable, n.primaryForUs])).toEqual([
        [label1, false, false],
        [label2, true, true],
      ]);

      await replicaCommand(e.script, 'node-start', node1);
      await waitFor('connections back on server 1', async () => (await connectionsOf(h1)) > 0 && (await connectionsOf(h2)) === 0);
      const backAt = performance.now();
      await waitFor('writes on server 1 again', async () => load.ackedSince(backAt) > 20);
      const events = await load.stop();
      // Every set succeeded: the ones the shutdown caught were retried on server 2.
      expect(events.filter((x) => x.error)).toEqual([]);

      const log = stderr.text();
      expect(log).toContain(`database host ${label1} marked down`);
      expect(log).toContain(`database traffic moves from ${label1} to ${label2}`);
      expect(log).toContain(`database traffic returns to ${label1} (from ${label2})`);
      expect(log).not.toContain(password);
    } finally {
      stderr.restore();
      await oocd?.close();
    }
  }, 900_000);
});
