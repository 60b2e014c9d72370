import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fernet, SecretsConf } from '@authstate/secrets-conf';
import { createTestDatabase, type TestDatabase } from '@authstate/test-support';
import { type FixtureSummary, populateFixtures } from '@authstate/test-support/zato';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type InitServerUser, initServer, login, openZatoDatabase, serverPaths } from '../../src/zato/index.js';
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
  ext_session_id: string | null;
  opaque1: string;
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
        ext_session_id: r.ext_session_id as string | null,
        opaque1: String(r.opaque1),
      }),
    );
  } finally {
    await zdb.close();
  }
}

/** Both secrets.conf layouts: Zato 3.2's (key1 only) and the seed's newer one (key1 + sso_key1). */
const LAYOUTS = ['key1', 'sso_key1'] as const;
const CASES = ENGINES.flatMap((engine) => LAYOUTS.map((layout) => [engine, layout] as const));

describe.each(CASES)('login on %s, a server whose SSO key is %s', (engine, layout) => {
  let root: string;
  let dir: string;
  let t: TestDatabase | undefined;
  let users: InitServerUser[];
  let fixtures: FixtureSummary;
  /** The key the server's Zato uses for SSO data (sso_key1 if present, else key1). */
  let ssoKey: string;
  let key1: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'zato-login-'));
    dir = join(root, 'server');
    if (engine !== 'sqlite') t = await createTestDatabase(engine === 'mysql' ? 'mariadb' : 'postgres', 'zlogin');
    ({ users } = await initServer(dir, { users: 2, url: t?.url, rounds: 1000, ssoKey: layout === 'sso_key1' }));
    const conf = await SecretsConf.read(serverPaths(dir).secretsConf);
    key1 = conf.get('secret_keys', 'key1') as string;
    ssoKey = conf.get('secret_keys', layout) as string;
    expect(conf.keys('secret_keys')).toEqual(layout === 'key1' ? ['key1'] : ['key1', 'sso_key1']);
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
    const finished = Date.now();
    expect(r.username).toBe(u.username);
    expect(r.user_id).toBe(u.userId);
    expect(r.has_w_about_to_exp).toBe(false);
    expect(r.ust).toMatch(/^gAAAAA/);
    const ust = new Fernet(ssoKey).decrypt(r.ust).toString();
    expect(ust).toMatch(/^zust[0-9a-hjkmnp-tv-z]+$/);
    expect(r.creation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(Date.parse(`${r.expiration_time}Z`) - Date.parse(`${r.creation_time}Z`)).toBe(3_600_000);
    // Made during the call (an ordering on this machine's clock, not a time window): the
    // microseconds Date.parse drops keep the parsed instant at or after `started`'s millisecond.
    const created = Date.parse(`${r.creation_time}Z`);
    expect(created).toBeGreaterThanOrEqual(started);
    expect(created).toBeLessThanOrEqual(finished);

    const after = await sessionsOf(dir);
    expect(after).toHaveLength(before.length + 1);
    const row = after.find((s) => s.ust === ust);
    expect(row).toMatchObject({ auth_principal: u.username, remote_addr: '127.0.0.1', auth_type: 'default', ext_session_id: '' });
    // opaque1 JSON encoded twice, as insert_sso_session + the JSON column write it
    const opaque = JSON.parse(JSON.parse(row?.opaque1 ?? '""'));
    expect(opaque.session_state_change_list).toEqual([
      {
        remote_addr: '127.0.0.1',
        user_agent: row?.user_agent,
        timestamp_utc: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        ctx_source: 'login',
        idx: 1,
      },
    ]);
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

  test('without a key it uses the key the server’s Zato would use; an explicit key wins', async () => {
    const u = users[1] as InitServerUser;
    expect((await login(dir, u.username, { password: u.password })).user_id).toBe(u.userId);
    expect((await login(dir, u.username, { key: ssoKey, password: u.password })).user_id).toBe(u.userId);
    if (layout === 'sso_key1') {
      // the data is under sso_key1: key1 (what Zato 3.2 would use) cannot read it
      await expect(login(dir, u.username, { key: key1 })).rejects.toMatchObject({ code: 'WRONG_KEY' });
    }
    const path = serverPaths(dir).secretsConf;
    const conf = await SecretsConf.read(path);
    const original = conf.toString();
    // the other layout over the same data: the default key changes with it, an explicit one does not
    if (layout === 'key1') conf.set('secret_keys', 'sso_key1', Fernet.generateKey());
    else conf.set('secret_keys', 'sso_key1', '');
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
