import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fernet, keyBelongsToServer, SecretsConf, ssoKeyOf } from '@authstate/secrets-conf';
import { createTestDatabase, serverKinds, type TestDatabase } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sql } from 'kysely';
import {
  type InitServerUser,
  initServer,
  openZatoDatabase,
  readServerConfig,
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

async function expectUsersEncryptedWith(serverDir: string, users: InitServerUser[]): Promise<void> {
  const conf = await SecretsConf.read(join(serverDir, 'config/repo/secrets.conf'));
  const { key, from } = await ssoKeyOf(conf);
  expect(from).toBe('sso_key1');
  const zdb = await openZatoDatabase({ serverDir });
  try {
    const rows = await zdb.db
      .selectFrom('zato_sso_user')
      .select(['user_id', 'username', 'password', 'email', 'approval_status'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.username)).toEqual(users.map((u) => u.username));
    for (const [i, r] of rows.entries()) {
      const u = users[i] as InitServerUser;
      expect(r.user_id).toBe(u.userId);
      expect(r.approval_status).toBe('approved');
      const hash = new Fernet(key).decrypt(r.password as Buffer | string).toString();
      expect(hash).toMatch(/^\$pbkdf2-sha512\$120000\$/);
      expect(verifyPassword(u.password, hash)).toBe(true);
      expect(new Fernet(key).decrypt(r.email as Buffer | string).toString()).toBe(`${u.username}@example.com`);
      expect(() => new Fernet(Fernet.generateKey()).decrypt(r.password as string)).toThrow(expect.objectContaining({ code: 'WRONG_KEY' }));
    }
  } finally {
    await zdb.close();
  }
}

describe('initServer on SQLite', () => {
  test('writes server.conf, secrets.conf (0600, key1 + sso_key1 + well_known_data) and sso.conf; zato.db has the schema', async () => {
    const dir = join(root, 'sso1', 'server');
    const { users } = await initServer(dir, { users: 2 });
    expect(users).toHaveLength(2);
    expect(new Set(users.map((u) => u.password)).size).toBe(2);
    expect((await stat(join(dir, 'config/repo/secrets.conf'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'config/repo/server.conf'), 'utf8')).toMatch(/\[odb\][^[]*db_name=zato\.db/);
    const conf = await SecretsConf.read(join(dir, 'config/repo/secrets.conf'));
    const key1 = conf.get('secret_keys', 'key1') as string;
    expect(keyBelongsToServer(key1, conf)).toBe(true);
    expect(keyBelongsToServer(conf.get('secret_keys', 'sso_key1') as string, conf)).toBe(false);
    expect(await readServerConfig(dir)).toEqual({ engine: 'sqlite', sqlitePath: join(dir, 'zato.db') });

    const zdb = await openZatoDatabase({ serverDir: dir });
    try {
      const tables = (await zdb.db.introspection.getTables()).map((t) => t.name);
      for (const t of ZATO_SSO_TABLES) expect(tables).toContain(t);
      expect(tables).toContain('sec_base');
      const types = await sql<{ p: string; e: string }>`select typeof(password) as p, typeof(email) as e from zato_sso_user`.execute(
        zdb.db,
      );
      expect(types.rows).toEqual([
        { p: 'blob', e: 'blob' },
        { p: 'blob', e: 'blob' },
      ]);
    } finally {
      await zdb.close();
    }
    await expectUsersEncryptedWith(dir, users);
  });

  test('refuses a directory that already has a server', async () => {
    const dir = join(root, 'twice');
    await initServer(dir);
    await expect(initServer(dir)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
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
    expect(serverConf.match(/^password=.*$/gm)).toEqual(['password=zato+secret://zato.server_conf.odb.password']);
    expect(secrets).toMatch(/^server_conf\.odb\.password=zato\.secf\.gAAAAA/m);
    expect(secrets).not.toMatch(new RegExp(`=${t.password}$`, 'm'));
    expect(await readServerConfig(dir)).toEqual({
      engine: kind === 'postgres' ? 'postgresql' : 'mysql',
      host: t.host,
      port: t.port,
      dbName: t.name,
      username: t.user,
      password: t.password,
    });
    await expectUsersEncryptedWith(dir, users);
  });
});
