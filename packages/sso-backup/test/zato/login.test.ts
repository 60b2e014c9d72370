import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fernet, SecretsConf } from '@authstate/secrets-conf';
import { createTestDatabase, type TestDatabase } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  type FixtureSummary,
  type InitServerUser,
  initServer,
  login,
  openZatoDatabase,
  populateFixtures,
  serverPaths,
} from '../../src/zato/index.js';
import { ENGINES } from './engines.js';

interface SessionRow {
  ust: string;
  creation_time: string;
  expiration_time: string;
  auth_principal: string;
  remote_addr: string;
  user_agent: string;
  auth_type: string;
  user_id: number;
}

async function sessionsOf(serverDir: string): Promise<SessionRow[]> {
  const zdb = await openZatoDatabase({ serverDir });
  try {
    const rows = await zdb.db.selectFrom('zato_sso_session').selectAll().orderBy('id').execute();
    return rows.map(
      (r): SessionRow => ({
        ust: String(r.ust),
        creation_time: String(r.creation_time),
        expiration_time: String(r.expiration_time),
        auth_principal: String(r.auth_principal),
        remote_addr: String(r.remote_addr),
        user_agent: String(r.user_agent),
        auth_type: String(r.auth_type),
        user_id: Number(r.user_id),
      }),
    );
  } finally {
    await zdb.close();
  }
}

describe.each(ENGINES)('login on %s', (engine) => {
  let root: string;
  let dir: string;
  let t: TestDatabase | undefined;
  let users: InitServerUser[];
  let fixtures: FixtureSummary;
  let ssoKey: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'zato-login-'));
    dir = join(root, 'server');
    if (engine !== 'sqlite') t = await createTestDatabase(engine === 'mysql' ? 'mariadb' : 'postgres', 'zlogin');
    ({ users } = await initServer(dir, { users: 2, url: t?.url, rounds: 1000 }));
    ssoKey = (await SecretsConf.read(serverPaths(dir).secretsConf)).get('secret_keys', 'sso_key1') as string;
    const zdb = await openZatoDatabase({ serverDir: dir });
    try {
      fixtures = await populateFixtures(zdb, ssoKey, { users: 2, attrsPerUser: 1, rounds: 1000 });
    } finally {
      await zdb.close();
    }
  });
  afterAll(async () => {
    await t?.drop();
    await rm(root, { recursive: true, force: true });
  });

  test('with the right key and password: a session row lands and ust is Fernet(key) of it', async () => {
    const u = users[0] as InitServerUser;
    const before = await sessionsOf(dir);
    const started = Date.now();
    const r = await login(dir, u.username, { password: u.password });
    expect(r.username).toBe(u.username);
    expect(r.user_id).toBe(u.userId);
    expect(r.has_w_about_to_exp).toBe(false);
    expect(r.ust).toMatch(/^gAAAAA/);
    const ust = new Fernet(ssoKey).decrypt(r.ust).toString();
    expect(ust).toMatch(/^zust[0-9a-hjkmnp-tv-z]+$/);
    expect(r.creation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(Date.parse(`${r.expiration_time}Z`) - Date.parse(`${r.creation_time}Z`)).toBe(3_600_000);
    expect(Math.abs(Date.parse(`${r.creation_time}Z`) - started)).toBeLessThan(60_000);

    const after = await sessionsOf(dir);
    expect(after).toHaveLength(before.length + 1);
    const row = after.find((s) => s.ust === ust);
    expect(row).toMatchObject({ auth_principal: u.username, remote_addr: '127.0.0.1', auth_type: 'default' });
    expect(row?.user_agent).not.toBe('');
    if (engine === 'sqlite') expect(row?.creation_time).toBe(r.creation_time.replace('T', ' '));
  });

  test('another key fails clearly and inserts nothing; so does a wrong password', async () => {
    const u = users[1] as InitServerUser;
    const before = (await sessionsOf(dir)).length;
    await expect(login(dir, u.username, { key: Fernet.generateKey() })).rejects.toMatchObject({
      code: 'WRONG_KEY',
      message: expect.stringContaining("the SSO key does not decrypt this user's data"),
    });
    await expect(login(dir, u.username, { password: 'not-the-password' })).rejects.toMatchObject({ code: 'WRONG_KEY' });
    expect(await sessionsOf(dir)).toHaveLength(before);
  });

  test('key precedence: explicit > sso_key1 > key1 (key1 alone does not open SSO data encrypted with sso_key1)', async () => {
    const u = users[1] as InitServerUser;
    expect((await login(dir, u.username, { key: ssoKey })).user_id).toBe(u.userId);
    const path = serverPaths(dir).secretsConf;
    const conf = await SecretsConf.read(path);
    const original = conf.toString();
    conf.set('secret_keys', 'sso_key1', '');
    await conf.write();
    try {
      await expect(login(dir, u.username)).rejects.toMatchObject({ code: 'WRONG_KEY' });
      expect((await login(dir, u.username, { key: ssoKey, password: u.password })).username).toBe(u.username);
    } finally {
      await SecretsConf.parse(original, path).write();
    }
    expect((await login(dir, u.username)).username).toBe(u.username);
  });

  test('unknown and not-approved users are NOT_FOUND "No such user"; a fixture user with a unicode name logs in', async () => {
    await expect(login(dir, 'nobody')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('No such user') });
    const pending = fixtures.users.find((u) => !u.approved);
    await expect(login(dir, pending?.username ?? '')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const unicode = fixtures.users.find((u) => u.username.includes('☃'));
    expect((await login(dir, unicode?.username ?? '', { password: unicode?.password })).user_id).toBe(unicode?.userId);
  });

  test('an invalid key is a CONFIG error that does not echo it', async () => {
    await expect(login(dir, 'user1', { key: 'hunter2' })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.not.stringContaining('hunter2'),
    });
  });
});
