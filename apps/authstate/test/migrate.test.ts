import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAuthstateError, type OocdConfig, type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import { createTestDatabase, type TestDatabase } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CLI_BACKEND_FACTORIES } from '../src/backends.js';
import { eachLimited, migrateEntries } from '../src/oocd/migrate.js';
import { runCli, tempDir } from './helpers/cli.js';

const N = 10_000;
const EXPIRED = 25;

const open = (config: OocdConfig) => openOocd({ ...config, reaperInterval: 0 }, { backends: CLI_BACKEND_FACTORIES });

let tmp: Awaited<ReturnType<typeof tempDir>>;
const fsConfig = () => ({ class: 'fs', dir: join(tmp.dir, 'source') });
const base = Date.UTC(2040, 0, 1);
const keyOf = (i: number) => `/m/${i % 7}/k${i}_${i % 3 === 0 ? 'Ü' : 'x'}`;

beforeAll(async () => {
  tmp = await tempDir();
  const src = await open(fsConfig());
  try {
    const ids = Array.from({ length: N }, (_, i) => i);
    await eachLimited(ids, 16, async (i) => {
      const metadata: Record<string, string> = i % 2 === 0 ? { n: String(i), kind: 'even' } : {};
      await src.set(keyOf(i), `value ${i}`, { expiresAt: new Date(base + i * 1000 + (i % 1000)), metadata });
    });
    for (let i = 0; i < EXPIRED; i++) await src.set(`/m/expired/${i}`, 'old', { expiresAt: new Date(Date.now() - 60_000) });
  } finally {
    await src.close();
  }
}, 300_000);
afterAll(async () => tmp?.cleanup());

async function writeConfig(name: string, lines: Record<string, string>): Promise<string> {
  const path = join(tmp.dir, name);
  await writeFile(
    path,
    `${Object.entries(lines)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
  return path;
}

async function expectSameEntries(target: OutOfContextDataService): Promise<void> {
  const all = await target.list('/m', { recursive: true });
  expect(all).toHaveLength(N);
  for (const i of [0, 1, 2, 3, 4999, 9998, 9999]) {
    const e = await target.get(keyOf(i));
    expect(e?.value).toBe(`value ${i}`);
    expect(e?.expiresAt.getTime()).toBe(base + i * 1000 + (i % 1000));
    expect(e?.metadata).toEqual(i % 2 === 0 ? { n: String(i), kind: 'even' } : {});
  }
  expect(await target.get('/m/expired/0')).toBeUndefined();
}

async function migrateTwice(from: string, to: string): Promise<void> {
  for (let run = 0; run < 2; run++) {
    const r = await runCli(['oocd', 'migrate', '--from', from, '--to', to, '--json'], { timeoutMs: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ read: N, copied: N, verified: N });
  }
}

describe('oocd migrate with 10k entries (idempotent, verified)', () => {
  test('fs → SQLite', async () => {
    const from = await writeConfig('fs.properties', { class: 'fs', dir: fsConfig().dir });
    const sqlite = join(tmp.dir, 'target.sqlite');
    const to = await writeConfig('sqlite.properties', { class: 'sql', url: `sqlite:${sqlite}` });
    await migrateTwice(from, to);
    const target = await open({ class: 'sql', url: `sqlite:${sqlite}` });
    try {
      await expectSameEntries(target);
    } finally {
      await target.close();
    }
  }, 300_000);

  describe('fs → PostgreSQL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('postgres', 'mig');
    });
    afterAll(async () => db?.drop());

    test('10k entries, nevisAuth names and ${env:} for the password', async () => {
      const from = await writeConfig('fs2.properties', { class: 'fs', dir: fsConfig().dir });
      const to = await writeConfig('pg.properties', {
        'ch.nevis.esauth.OutOfContextDataService.class': 'ch.nevis.esauth.ooc.sql.SqlOOCDService',
        'ch.nevis.esauth.OutOfContextDataService.jdbcUrl': `jdbc:postgresql://${db.host}:${db.port}/${db.name}`,
        'ch.nevis.esauth.OutOfContextDataService.dataUser': db.user,
        'ch.nevis.esauth.OutOfContextDataService.dataUserPassword': '${env:AUTHSTATE_TEST_MIGRATE_PW}',
        'ch.nevis.esauth.OutOfContextDataService.schemaUser': db.user,
        'ch.nevis.esauth.OutOfContextDataService.schemaUserPassword': '${env:AUTHSTATE_TEST_MIGRATE_PW}',
      });
      process.env.AUTHSTATE_TEST_MIGRATE_PW = db.password;
      await migrateTwice(from, to);
      const target = await open({ class: 'sql', url: db.url });
      try {
        await expectSameEntries(target);
      } finally {
        await target.close();
      }
    }, 300_000);
  });

  test('a missing --to is a usage error; an unreadable config is exit 1', async () => {
    expect((await runCli(['oocd', 'migrate', '--from', 'x.properties'])).code).toBe(2);
    const r = await runCli(['oocd', 'migrate', '--from', '/nope/a.properties', '--to', '/nope/b.properties']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot read config file/);
  });
});

describe('migrateEntries verification (in-process, memory backends)', () => {
  test('an entry the target stores differently, or loses, is VERIFY_FAILED naming it', async () => {
    for (const [name, tamper] of [
      ['differs', (key: string, value: string) => (key === '/v/2' ? `${value}!` : value)],
      ['missing', (key: string, value: string) => (key === '/v/2' ? undefined : value)],
    ] as const) {
      const from = await open({ class: 'memory' });
      const to = await open({ class: 'memory' });
      for (let i = 0; i < 5; i++) await from.set(`/v/${i}`, `value ${i}`, { ttlMs: 60_000 });
      const lossy: OutOfContextDataService = Object.create(to);
      lossy.set = async (key, value, opts) => {
        const stored = tamper(key, value);
        if (stored !== undefined) await to.set(key, stored, opts);
      };
      const e = await migrateEntries(from, lossy).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect({ name, code: isAuthstateError(e) ? e.code : String(e) }).toEqual({ name, code: 'VERIFY_FAILED' });
      expect((e as Error).message).toContain('"/v/2"');
      await from.close();
      await to.close();
    }
  });
});
