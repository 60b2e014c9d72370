import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fernet, SecretsConf, ssoKeyOf } from '@authstate/secrets-conf';
import { createTestDatabase, serverKinds, type TestDatabase } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sql } from 'kysely';
import {
  checkWellKnownData,
  type InitServerUser,
  initServer,
  openZatoDatabase,
  readServerConfig,
  serverPaths,
  verifyPassword,
  ZATO_SSO_TABLES,
} from '../../src/zato/index.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zato-init-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The `[zato]` entries Zato 3.2's `zato create server` writes (secrets_conf_template). */
const ZATO_ENTRIES = [
  'well_known_data',
  'server_conf.kvdb.password',
  'server_conf.main.token',
  'server_conf.misc.jwt_secret',
  'server_conf.odb.password',
];

/** Decrypts every `[zato]` entry with key1 (each must be a plain Fernet token under it) and returns them. */
function zatoEntries(conf: SecretsConf, key1: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of conf.keys('zato')) {
    const token = conf.get('zato', k) as string;
    expect(token).toMatch(/^gAAAAA/); // no zato.secf. prefix: create_server.py writes none here
    out[k] = new Fernet(key1).decrypt(token).toString();
  }
  return out;
}

async function expectUsersEncryptedWith(serverDir: string, users: InitServerUser[], activeKey: 'key1' | 'sso_key1'): Promise<void> {
  const conf = await SecretsConf.read(serverPaths(serverDir).secretsConf);
  const { key, from } = await ssoKeyOf(conf);
  expect(from).toBe(activeKey);
  const zdb = await openZatoDatabase({ serverDir });
  try {
    const rows = await zdb.db.selectFrom('zato_sso_user').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.username)).toEqual(users.map((u) => u.username));
    for (const [i, r] of rows.entries()) {
      const u = users[i] as InitServerUser;
      expect(r.user_id).toBe(u.userId);
      expect(r.approval_status).toBe('approved');
      const f = new Fernet(key);
      const hash = f.decrypt(r.password as Buffer | string).toString();
      expect(hash).toMatch(/^\$pbkdf2-sha512\$120000\$/);
      expect(verifyPassword(u.password, hash)).toBe(true);
      expect(f.decrypt(r.email as Buffer | string).toString()).toBe(`${u.username}@example.com`);
      expect(f.decrypt(r.totp_key as Buffer | string).toString()).toMatch(/^[A-Z2-7]{32}$/);
      expect(f.decrypt(r.totp_label as Buffer | string).toString()).toBe('<default-label>');
      expect([r.first_name, r.last_name, r.display_name, r.display_name_upper]).toEqual([
        'User',
        String(i + 1),
        `User ${i + 1}`,
        `USER ${i + 1}`,
      ]);
      expect(r.middle_name).toBeNull();
      expect(r.opaque1).toBe('null');
      expect(r.sign_up_confirm_time).toBeNull();
      expect(() => new Fernet(Fernet.generateKey()).decrypt(r.password as string)).toThrow(expect.objectContaining({ code: 'WRONG_KEY' }));
    }
  } finally {
    await zdb.close();
  }
}

describe('initServer on SQLite, as `zato create server` makes a server', () => {
  let dir: string;
  let users: InitServerUser[];
  beforeAll(async () => {
    dir = join(root, 'sso1', 'server');
    const r = await initServer(dir, { users: 2 });
    users = r.users;
    expect(r.activeKey).toBe('key1');
  });

  test('server.conf, secrets.conf and sso.conf are written with mode 0600', async () => {
    const p = serverPaths(dir);
    for (const f of [p.serverConf, p.secretsConf, p.ssoConf]) expect({ [f]: (await stat(f)).mode & 0o777 }).toEqual({ [f]: 0o600 });
    expect(await readFile(p.serverConf, 'utf8')).toMatch(/\[odb\][^[]*db_name=zato\.db/);
    expect(await readServerConfig(dir)).toEqual({ engine: 'sqlite', sqlitePath: join(dir, 'zato.db') });
  });

  test('secrets.conf: [secret_keys] key1 only; [zato] the five entries of Zato 3.2, each Fernet under key1', async () => {
    const conf = await SecretsConf.read(serverPaths(dir).secretsConf);
    expect(conf.keys('secret_keys')).toEqual(['key1']);
    expect(conf.keys('zato')).toEqual(ZATO_ENTRIES);
    const key1 = conf.get('secret_keys', 'key1') as string;
    const plain = zatoEntries(conf, key1);
    expect(plain.well_known_data).toBe('3.141592...');
    expect(plain['server_conf.main.token']).toMatch(/^[0-9a-f]{32}$/);
    expect(plain['server_conf.misc.jwt_secret']).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(plain['server_conf.odb.password']).toBe('');
    expect(plain['server_conf.kvdb.password']).toBe('');
  });

  test('it passes the start-up check: well_known_data decrypts with key1 to exactly "3.141592..."', async () => {
    const conf = await SecretsConf.read(serverPaths(dir).secretsConf);
    await expect(checkWellKnownData(dir)).resolves.toBe(conf.get('secret_keys', 'key1'));
  });

  test('zato.db has the SSO schema and a non-SSO table; sample users are Zato-shaped and encrypted with key1', async () => {
    const zdb = await openZatoDatabase({ serverDir: dir });
    try {
      const tables = (await zdb.db.introspection.getTables()).map((t) => t.name);
      for (const t of ZATO_SSO_TABLES) expect(tables).toContain(t);
      expect(tables).toContain('sec_base');
      const types = await sql<{ p: string; e: string; k: string; l: string }>`
        select typeof(password) as p, typeof(email) as e, typeof(totp_key) as k, typeof(totp_label) as l from zato_sso_user`.execute(
        zdb.db,
      );
      expect(types.rows).toEqual([
        { p: 'blob', e: 'blob', k: 'blob', l: 'blob' },
        { p: 'blob', e: 'blob', k: 'blob', l: 'blob' },
      ]);
    } finally {
      await zdb.close();
    }
    expect(users).toHaveLength(2);
    expect(new Set(users.map((u) => u.password)).size).toBe(2);
    await expectUsersEncryptedWith(dir, users, 'key1');
  });

  test('ssoKey adds sso_key1 (the seed’s layout): users are encrypted with it, the start-up check still uses key1', async () => {
    const d = join(root, 'sso-key', 'server');
    const r = await initServer(d, { users: 1, ssoKey: true });
    expect(r.activeKey).toBe('sso_key1');
    const conf = await SecretsConf.read(serverPaths(d).secretsConf);
    expect(conf.keys('secret_keys')).toEqual(['key1', 'sso_key1']);
    expect(conf.get('secret_keys', 'sso_key1')).not.toBe(conf.get('secret_keys', 'key1'));
    await expect(checkWellKnownData(d)).resolves.toBe(conf.get('secret_keys', 'key1'));
    await expectUsersEncryptedWith(d, r.users, 'sso_key1');
  });

  test('refuses a directory that already has a server', async () => {
    const d = join(root, 'twice');
    await initServer(d);
    await expect(initServer(d)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});

describe.each(serverKinds())('initServer with a %s URL', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind, 'zinit');
  });
  afterAll(async () => {
    await t.drop();
  });

  test('server.conf points at the database, the password only as zato+secret://, users land there', async () => {
    const dir = join(root, `url-${kind}`);
    const { users } = await initServer(dir, { url: t.url, users: 2 });
    const serverConf = await readFile(join(dir, 'config/repo/server.conf'), 'utf8');
    expect(serverConf).toContain(kind === 'postgres' ? 'engine=postgresql+pg8000' : 'engine=mysql+pymysql');
    expect(serverConf).toContain('password=zato+secret://zato.server_conf.odb.password');
    // (the test server's password equals its user name, so look for it as a value of its own)
    const secrets = await readFile(join(dir, 'config/repo/secrets.conf'), 'utf8');
    expect(serverConf.match(/^password=.*$/gm)).toEqual([
      'password=zato+secret://zato.server_conf.odb.password',
      'password=zato+secret://zato.server_conf.kvdb.password',
    ]);
    expect(secrets).toMatch(/^server_conf\.odb\.password=gAAAAA/m);
    expect(secrets).not.toMatch(new RegExp(`=${t.password}$`, 'm'));
    const conf = await SecretsConf.read(serverPaths(dir).secretsConf);
    expect(zatoEntries(conf, await checkWellKnownData(dir))['server_conf.odb.password']).toBe(t.password);
    expect(await readServerConfig(dir)).toEqual({
      engine: kind === 'postgres' ? 'postgresql' : 'mysql',
      host: t.host,
      port: t.port,
      dbName: t.name,
      username: t.user,
      password: t.password,
    });
    await expectUsersEncryptedWith(dir, users, 'key1');
  });
});
