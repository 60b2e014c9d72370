// The seed's resilient MariaDB setup, live: two nodes of scripts/dbs-replicas.sh replicating
// master-master (GTID, semi-synchronous AFTER_SYNC), the OOCD service on
// mariadb://127.0.0.1:3317,127.0.0.1:3318/<db> under a writer load, the primary killed with
// kill -9 and restarted. Also the operational commands (status, binary-log purge) on that pair.
// The fail-over pool under load runs on an injected clock: node 1's down-mark and the connections'
// lifetime end when the test moves the clock, so what is proven is an ordering (writes go on on
// node 2 while node 1 is still marked down; traffic returns once the clock passed both), never
// how much work a machine gets done in a time window. Every wait polls for a condition with a
// bound only a broken program reaches.

import { createOocdService, isAuthstateError, type OocdConfig, type OutOfContextDataService } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Kysely, MysqlDialect } from 'kysely';
import mysqlCallbacks from 'mysql2';
import type mysql from 'mysql2/promise';
import { mysqlConnectionOptions } from '../../src/connect/create-pool.js';
import { mysqlDirectRunner } from '../../src/connect/direct-runner.js';
import { SqlOocdDriver } from '../../src/driver.js';
import { createMysqlFailoverPool, failoverOptionsFromConfig } from '../../src/failover/index.js';
import { parseSqlUrl } from '../../src/index.js';
import { nodesStatus, purgeBinaryLogs } from '../../src/ops/index.js';
import type { OocdDatabase } from '../../src/table.js';
import {
  appliedAllReceived,
  caughtUp,
  connectionsOf,
  globalStatus,
  mariadbAdmin,
  replicaCommand,
  replicaEnv,
  replicatedFixture,
  slaveStatus,
  waitApplied,
  waitFor,
} from './support/replicas.js';
import { captureStderr } from './support/stderr-capture.js';
import { startWriterLoad } from './support/writer-load.js';

const env = replicaEnv('MARIADB');
const FAILOVER_TIMEOUT = 5;
const LIFETIME = 4;

(env ? describe : describe.skip)('MariaDB master-master pair (scripts/dbs-replicas.sh)', () => {
  const e = env as NonNullable<typeof env>;
  const [h1, h2] = e.hosts as [{ host: string; port: number }, { host: string; port: number }];
  const [node1, node2] = e.nodes as [string, string];
  const admin = { user: e.user, password: e.password };
  const label1 = `${h1.host}:${h1.port}`;
  const label2 = `${h2.host}:${h2.port}`;
  let n1: mysql.Connection;
  let n2: mysql.Connection;
  let fx: Awaited<ReturnType<typeof replicatedFixture>>;
  const url = () => `mariadb://${label1},${label2}/${fx.database}`;
  const opsTarget = () => ({ url: `mariadb://${label1},${label2}/${fx.database}`, ...admin, connectTimeout: 30 });
  const config = (u: string, extra: OocdConfig = {}): OocdConfig => ({
    class: 'sql',
    url: u,
    dataUser: fx.user,
    dataUserPassword: fx.password,
    reaperInterval: 0,
    ...extra,
  });
  /**
   * The service on both nodes as `openOocd` makes it from `config` (the same pool settings and
   * fail-over options), but with the fail-over pool's clock in the test's hands.
   */
  const openOnClock = async (cfg: OocdConfig, now: () => number) => {
    const parsed = parseSqlUrl(String(cfg.url));
    const pool = createMysqlFailoverPool(
      mysqlCallbacks,
      parsed.hosts,
      { ...mysqlConnectionOptions(h1, parsed, { user: fx.user, password: fx.password }), enableKeepAlive: true },
      { ...failoverOptionsFromConfig(cfg), maxConnections: Number(cfg.poolSize), now },
    );
    const db = new Kysely<OocdDatabase>({ dialect: new MysqlDialect({ pool }) });
    const driver = await SqlOocdDriver.openWith(db, cfg, { runner: mysqlDirectRunner(pool, false), failover: pool.failover });
    return { oocd: createOocdService(driver, { reaperIntervalSec: 0 }), stats: () => pool.failover.stats() };
  };
  /** Every entry under /load on one node alone (a single-host service). */
  const readNode = async (label: string) => {
    const one = createOocdService(await SqlOocdDriver.open(config(`mariadb://${label}/${fx.database}`)), { reaperIntervalSec: 0 });
    try {
      return new Map((await one.list('/load', { recursive: true })).map((x) => [x.key, x.value]));
    } finally {
      await one.close();
    }
  };

  beforeAll(async () => {
    await replicaCommand(e.script, 'node-start', node1);
    await replicaCommand(e.script, 'node-start', node2);
    n1 = await mariadbAdmin(h1, admin);
    n2 = await mariadbAdmin(h2, admin);
    await waitFor('replication running both ways', async () => (await caughtUp(n1)) && (await caughtUp(n2)));
    fx = await replicatedFixture(n1);
    await waitApplied(n1, n2);
  }, 600_000);

  afterAll(async () => {
    if (fx) await fx.drop(n1).catch(() => {});
    await n1?.end().catch(() => {});
    await n2?.end().catch(() => {});
  });

  test('nodes status: both reachable, replicating both ways, node 1 primary for us', async () => {
    const nodes = await nodesStatus(opsTarget());
    expect(nodes.map((n) => [n.host, n.reachable, n.primaryForUs])).toEqual([
      [label1, true, true],
      [label2, true, false],
    ]);
    for (const n of nodes) {
      expect(n.replication).toHaveLength(1);
      expect(n.replication[0]).toMatchObject({
        ioThread: 'Yes',
        sqlThread: 'Yes',
        secondsBehindMaster: 0,
        lastIoError: '',
        lastSqlError: '',
      });
      expect(n.semiSync?.master).toBe(true);
    }
    expect(nodes[0]?.replication[0]?.masterPort).toBe(h2.port);
    expect(nodes[1]?.replication[0]?.masterPort).toBe(h1.port);
  });

  test('binary-log purge removes only what the peer has applied, and is idempotent', async () => {
    // Node 2 stops applying; node 1 rotates its log twice with writes in between.
    await n2.query('STOP SLAVE');
    try {
      await n1.query(`CREATE TABLE IF NOT EXISTS ${fx.database}.purge_probe (id INT PRIMARY KEY)`);
      for (let i = 0; i < 2; i++) {
        await n1.query('FLUSH BINARY LOGS');
        await n1.query(`INSERT INTO ${fx.database}.purge_probe VALUES (${i})`);
      }
      const [logs] = await n1.query('SHOW BINARY LOGS');
      const names = (logs as { Log_name: string }[]).map((l) => l.Log_name);
      const stoppedAt = String((await slaveStatus(n2))?.Relay_Master_Log_File);
      const r1 = (await purgeBinaryLogs(opsTarget())).find((r) => r.host === label1);
      // Everything from the file node 2 stopped in onwards is kept.
      expect(r1?.keptFrom).toBe(stoppedAt);
      const [after1] = await n1.query('SHOW BINARY LOGS');
      expect((after1 as { Log_name: string }[]).map((l) => l.Log_name)).toEqual(names.slice(names.indexOf(stoppedAt)));
    } finally {
      await n2.query('START SLAVE');
    }
    await waitApplied(n1, n2);
    await waitFor('node 2 caught up', () => caughtUp(n2));
    const dry = await purgeBinaryLogs(opsTarget(), { dryRun: true });
    expect(dry.find((r) => r.host === label1)?.action).toBe('would-purge');
    const first = await purgeBinaryLogs(opsTarget());
    expect(first.find((r) => r.host === label1)?.removed).toEqual(dry.find((r) => r.host === label1)?.removed);
    expect(first.find((r) => r.host === label1)?.action).toBe('purged');
    const [logs] = await n1.query('SHOW BINARY LOGS');
    const left = (logs as { Log_name: string }[]).map((l) => l.Log_name);
    expect(left[0]).toBe((await slaveStatus(n2))?.Relay_Master_Log_File);
    // Again: nothing left to remove (idempotent, cron-safe).
    const second = await purgeBinaryLogs(opsTarget());
    expect(second.map((r) => r.action)).toEqual(['nothing-to-do', 'nothing-to-do']);
    await n1.query(`DROP TABLE ${fx.database}.purge_probe`);
  }, 600_000);

  test('kill -9 of the primary under load: writes continue on node 2, nothing acknowledged is lost, traffic returns', async () => {
    const stderr = captureStderr();
    let oocd: OutOfContextDataService | undefined;
    let clock = Date.now();
    try {
      const service = await openOnClock(
        config(url(), { failoverTimeout: FAILOVER_TIMEOUT, maxConnectionLifetime: LIFETIME, poolSize: 4 }),
        () => clock,
      );
      oocd = service.oocd;
      const noTxBefore = await globalStatus(n1, 'Rpl_semi_sync_master_no_tx');
      const load = startWriterLoad(oocd, { setters: 3, creators: 1, prefix: '/load' });
      // Enough acknowledged writes that "nothing acknowledged is lost" checks something: waited
      // for as a count, however long the machine takes to get there.
      await waitFor('30 writes acknowledged by node 1', async () => load.ackedSince(0) >= 30 && (await connectionsOf(n1, fx.user)) > 0);
      expect(await connectionsOf(n2, fx.user)).toBe(0);
      // Semi-synchronous and no commit so far went without node 2's acknowledgement.
      expect(await globalStatus(n1, 'Rpl_semi_sync_master_status')).toBe('ON');
      expect(await globalStatus(n1, 'Rpl_semi_sync_master_no_tx')).toBe(noTxBefore);

      await n1.end();
      await replicaCommand(e.script, 'node-kill', node1);
      // Taken once the kill is done (not before it starts): on a busy machine the command itself
      // can take a while, and writes acknowledged meanwhile were node 1's.
      const killAt = performance.now();
      await waitFor('writes acknowledged by node 2', async () => load.ackedSince(killAt) >= 10);
      expect(await connectionsOf(n2, fx.user)).toBeGreaterThan(0);
      // Writes went on without waiting for node 1's mark to end: the pool's clock has not moved.
      expect(service.stats().hosts.map((h) => [h.host, h.down])).toEqual([
        [label1, true],
        [label2, false],
      ]);
      expect(service.stats().currentHost).toBe(label2);

      // During the outage: status says so; the purge touches nothing it cannot confirm.
      const during = await nodesStatus(opsTarget());
      expect(during.map((n) => [n.reachable, n.primaryForUs])).toEqual([
        [false, false],
        [true, true],
      ]);
      expect((await purgeBinaryLogs(opsTarget())).map((r) => r.action)).toEqual(['skipped', 'skipped']);

      // Every write acknowledged before the kill is on node 2 (once it applied its relay log).
      await waitFor('node 2 applied what it received', () => appliedAllReceived(n2));
      const onNode2 = await readNode(label2);
      const ackedBeforeKill = load.events.filter((x) => !x.error && x.end < killAt);
      expect(ackedBeforeKill.length).toBeGreaterThanOrEqual(30);
      for (const w of ackedBeforeKill) expect([w.key, onNode2.get(w.key)]).toEqual([w.key, w.value]);

      // The primary comes back and catches up; traffic stays on node 2 until the clock has passed
      // node 1's mark and the connections' lifetime, then returns to node 1.
      await replicaCommand(e.script, 'node-start', node1);
      n1 = await mariadbAdmin(h1, admin);
      await waitFor('node 1 replicating again', () => caughtUp(n1));
      expect(service.stats().currentHost).toBe(label2);
      clock += (FAILOVER_TIMEOUT + LIFETIME) * 1000;
      await waitFor(
        'traffic on node 1 only',
        async () => (await connectionsOf(n1, fx.user)) > 0 && (await connectionsOf(n2, fx.user)) === 0,
      );
      const returnedAt = performance.now();
      await waitFor('writes on node 1 again', async () => load.ackedSince(returnedAt) >= 10);
      const events = await load.stop();
      await oocd.close();
      oocd = undefined;

      // Requests: sets never failed (retried on node 2 when their host died); a create caught by
      // the kill may fail, only with "outcome unknown".
      const failed = events.filter((x) => x.error);
      expect(failed.filter((x) => x.op === 'set')).toEqual([]);
      for (const f of failed) {
        expect(isAuthstateError(f.error, 'BACKEND')).toBe(true);
        expect(String((f.error as Error).message)).toMatch(/create: .*unknown/);
      }

      // Both nodes converge: each holds every acknowledged write, and the same rows.
      await waitApplied(n2, n1);
      await waitApplied(n1, n2);
      const [final1, final2] = [await readNode(label1), await readNode(label2)];
      for (const w of events.filter((x) => !x.error)) {
        expect([w.key, final1.get(w.key), final2.get(w.key)]).toEqual([w.key, w.value, w.value]);
      }
      expect([...final1.entries()].sort()).toEqual([...final2.entries()].sort());

      // What the log said, without credentials.
      const log = stderr.text();
      expect(log).toContain(`database host ${label1} marked down`);
      expect(log).toContain(`database traffic moves from ${label1} to ${label2}`);
      expect(log).toContain(`database traffic returns to ${label1} (from ${label2})`);
      expect(log).not.toContain(fx.password);
    } finally {
      stderr.restore();
      await oocd?.close();
      await replicaCommand(e.script, 'node-start', node1);
    }
  }, 900_000);
});
