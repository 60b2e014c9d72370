import { createOocdService, type OocdConfig } from '@authstate/oocd-core';
import { adminQuery, type ServerKind } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import mysql from 'mysql2/promise';
import { DIALECTS } from '../src/dialects/index.js';
import { pickIsolationVariable } from '../src/dialects/mysql/isolation.js';
import { reapLockName } from '../src/driver.js';
import { SqlOocdDriver } from '../src/index.js';
import { readSqlSettings } from '../src/options.js';
import { buildStatements } from '../src/statements.js';
import { holdReapLock } from './support/hold-lock.js';
import { rawDb, seedRows } from './support/seed.js';
import { openTarget, randomTable, type Target, targetKinds } from './support/targets.js';

const past = () => new Date(Date.now() - 60_000);
const HOUR = { ttlMs: 3_600_000 };

describe.each(targetKinds())('reaper on %s', (kind) => {
  let target: Target;
  beforeAll(async () => {
    target = await openTarget(kind);
  }, 600_000);
  afterAll(async () => {
    await target?.drop();
  });

  const open = async (config: OocdConfig) => createOocdService(await SqlOocdDriver.open(config), { reaperIntervalSec: 0 });

  test('one reap statement deletes at most the batch size; reap() loops until no expired row is left', async () => {
    const config = target.config(randomTable(), { reaperBatchSize: 100 });
    const oocd = await open(config);
    try {
      await seedRows(config, '/dead', 250, past());
      await oocd.set('/live/a', 'v', HOUR);
      const { db } = await rawDb(config);
      try {
        const s = readSqlSettings(config);
        const batch = buildStatements(db, s.table, DIALECTS[s.url.dialect]).reapBatch;
        const r = await batch.execute(db, { now: Date.now(), limit: 100 });
        expect(Number(r.numAffectedRows)).toBe(100);
      } finally {
        await db.destroy();
      }
      expect(await oocd.reap()).toBe(150);
      expect(await oocd.reap()).toBe(0);
      expect((await oocd.list('/', { recursive: true })).map((e) => e.key)).toEqual(['/live/a']);
    } finally {
      await oocd.close();
    }
  });

  test('concurrent reapers without the global lock delete each row once and never fail on rows already gone', async () => {
    const config = target.config(randomTable(), { reaperBatchSize: 50, lockGloballyWhenReaping: false });
    const services = [await open(config), await open(config), await open(config)];
    try {
      await seedRows(config, '/dead', 1500, past());
      const counts = await Promise.all(services.map((s) => s.reap()));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(1500);
      expect(await services[0]?.reap()).toBe(0);
    } finally {
      for (const s of services) await s.close();
    }
  });

  const servers = kind === 'sqlite' ? test.skip : test;

  servers('while another process holds the cluster reap lock, reap() deletes nothing; after it is released, it does', async () => {
    const table = randomTable();
    const config = target.config(table);
    const oocd = await open(config);
    try {
      await seedRows(config, '/dead', 20, past());
      const release = await holdReapLock[kind as ServerKind](target.adminUrl as string, reapLockName(target.database, table));
      try {
        expect(await oocd.reap()).toBe(0);
      } finally {
        await release();
      }
      expect(await oocd.reap()).toBe(20);
    } finally {
      await oocd.close();
    }
  });

  const mariadbOnly = kind === 'mariadb' ? test : test.skip;
  mariadbOnly('MariaDB: each reap batch runs under READ COMMITTED; the pooled connection keeps the server default afterwards', async () => {
    const table = randomTable();
    const config = target.config(table, { reaperBatchSize: 4, poolSize: 1 });
    const oocd = await open(config);
    try {
      await seedRows(config, '/dead', 10, past());
      await oocd.set('/live/a', 'v', HOUR);
      // A trigger records the isolation level of the transaction each deleted row belongs to.
      const admin = target.adminUrl as string;
      await adminQuery('mariadb', admin, `CREATE TABLE ${table}_iso (lvl VARCHAR(32))`);
      await adminQuery(
        'mariadb',
        admin,
        `CREATE TRIGGER ${table}_bd BEFORE DELETE ON ${table} FOR EACH ROW INSERT INTO ${table}_iso ` +
          'SELECT trx_isolation_level FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = CONNECTION_ID()',
      );
      const levels = async () => {
        const c = await mysql.createConnection(admin);
        try {
          const [rows] = await c.query(`SELECT lvl, COUNT(*) AS n FROM ${table}_iso GROUP BY lvl`);
          await c.query(`DELETE FROM ${table}_iso`);
          return Object.fromEntries((rows as { lvl: string; n: number }[]).map((r) => [r.lvl, Number(r.n)]));
        } finally {
          await c.end();
        }
      };
      // INFORMATION_SCHEMA.INNODB_TRX is a snapshot the server refreshes only when the previous
      // one is over 100 ms old: let it age past that before the statement whose transaction it
      // must show. A lower bound on the server's cache age, not a wait for work to finish: a slow
      // machine only makes the snapshot older (fresher never), so no machine speed can break it.
      const fresh = () => new Promise((r) => setTimeout(r, 150));
      await fresh();
      expect(await oocd.reap()).toBe(10);
      expect(await levels()).toEqual({ 'READ COMMITTED': 10 });
      // The same (only) connection, next statement: back at the server's default.
      await fresh();
      expect((await oocd.take('/live/a'))?.value).toBe('v');
      expect(await levels()).toEqual({ 'REPEATABLE READ': 1 });
    } finally {
      await oocd.close();
    }
  });

  servers('two drivers reaping at once: exactly one of them does the work', async () => {
    const config = target.config(randomTable(), { reaperBatchSize: 200 });
    const a = await open(config);
    const b = await open(config);
    try {
      await seedRows(config, '/dead', 4000, past());
      const counts = await Promise.all([a.reap(), b.reap()]);
      expect([...counts].sort((x, y) => x - y)).toEqual([0, 4000]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('MariaDB/MySQL isolation variable of the reaper', () => {
  test('transaction_isolation where the server has it (MariaDB ≥ 11.1, MySQL ≥ 5.7.20, MySQL 8), else tx_isolation', () => {
    expect(pickIsolationVariable(['tx_isolation'])).toBe('tx_isolation'); // MariaDB 10.5–11.0, MySQL < 5.7.20
    expect(pickIsolationVariable(['transaction_isolation', 'tx_isolation'])).toBe('transaction_isolation'); // MariaDB 11.1+, MySQL 5.7.20+
    expect(pickIsolationVariable(['TRANSACTION_ISOLATION'])).toBe('transaction_isolation'); // MySQL 8.0
    expect(() => pickIsolationVariable([])).toThrow(/neither transaction_isolation nor tx_isolation/);
  });
});
