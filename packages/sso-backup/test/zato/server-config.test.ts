import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fernet } from '@authstate/secrets-conf';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { describeDbConfig, normalizeEngine, parseDatabaseUrl, readServerConfig, redactUrl } from '../../src/zato/index.js';

let root: string;
const key1 = Fernet.generateKey();
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zato-conf-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function server(name: string, odb: string[], secrets: string[] = []): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'config/repo'), { recursive: true });
  await writeFile(join(dir, 'config/repo/server.conf'), ['[main]', 'x=1', '[odb]', ...odb, ''].join('\n'));
  await writeFile(join(dir, 'config/repo/secrets.conf'), ['[secret_keys]', `key1=${key1}`, '[zato]', ...secrets, ''].join('\n'));
  return dir;
}

describe('readServerConfig', () => {
  test('SQLite: relative db_name is relative to the server directory, absolute stays', async () => {
    const rel = await server('rel', ['engine=sqlite', 'db_name=zato.db']);
    expect(await readServerConfig(rel)).toEqual({ engine: 'sqlite', sqlitePath: join(rel, 'zato.db') });
    const abs = await server('abs', ['engine=sqlite', 'db_name=/var/zato/zato.db']);
    expect((await readServerConfig(abs)).sqlitePath).toBe('/var/zato/zato.db');
  });

  test('postgresql+pg8000 with a zato+secret:// password; mysql+pymysql with zato.secf. and $ENV passwords', async () => {
    const f = new Fernet(key1);
    const pgDir = await server(
      'pg',
      [
        'engine=postgresql+pg8000',
        'host=db.example',
        'port=5433',
        'db_name=zato1',
        'username=zato',
        'password=zato+secret://zato.server_conf.odb.password',
      ],
      [`server_conf.odb.password=zato.secf.${f.encrypt('pg-pässword')}`],
    );
    expect(await readServerConfig(pgDir)).toEqual({
      engine: 'postgresql',
      host: 'db.example',
      port: 5433,
      dbName: 'zato1',
      username: 'zato',
      password: 'pg-pässword',
    });
    const myDir = await server('my', [
      'engine=mysql+pymysql',
      'host=h',
      'port=3307',
      'db_name=z',
      'username=u',
      `password=zato.secf.${f.encrypt('my-pw')}`,
    ]);
    expect((await readServerConfig(myDir)).password).toBe('my-pw');
    process.env.AUTHSTATE_TEST_ODB_PW = 'from-env';
    const envDir = await server('env', ['engine=mysql', 'host=h', 'db_name=z', 'password=$AUTHSTATE_TEST_ODB_PW']);
    expect(await readServerConfig(envDir)).toMatchObject({ engine: 'mysql', password: 'from-env', port: undefined });
  });

  test('a missing server.conf, missing [odb] engine or unknown engine is CONFIG', async () => {
    await expect(readServerConfig(join(root, 'nowhere'))).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(readServerConfig(await server('noengine', ['db_name=x']))).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(readServerConfig(await server('oracle', ['engine=oracle']))).rejects.toMatchObject({ code: 'CONFIG' });
  });
});

describe('database URLs', () => {
  test('parses sqlite, postgres(ql), mysql and mariadb URLs; describes without the password', () => {
    expect(parseDatabaseUrl('sqlite:/a/zato.db')).toEqual({ engine: 'sqlite', sqlitePath: '/a/zato.db' });
    expect(parseDatabaseUrl('sqlite:///a/zato.db')).toEqual({ engine: 'sqlite', sqlitePath: '/a/zato.db' });
    expect(parseDatabaseUrl('sqlite:zato.db', '/srv')).toEqual({ engine: 'sqlite', sqlitePath: '/srv/zato.db' });
    const pg = parseDatabaseUrl('postgresql+pg8000://zato:p%40ss@127.0.0.1:5433/zato1');
    expect(pg).toEqual({ engine: 'postgresql', host: '127.0.0.1', port: 5433, dbName: 'zato1', username: 'zato', password: 'p@ss' });
    expect(describeDbConfig(pg)).toBe('postgresql://zato@127.0.0.1:5433/zato1');
    expect(parseDatabaseUrl('postgres://h/db').port).toBe(5432);
    expect(parseDatabaseUrl('mariadb://u:p@h/db')).toMatchObject({ engine: 'mysql', port: 3306 });
    expect(redactUrl('mysql://u:secret@h/db')).toBe('mysql://u:***@h/db');
    expect(normalizeEngine('MySQL+pymysql')).toBe('mysql');
    expect(() => parseDatabaseUrl('postgres://u:secret@/db')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    );
  });
});
