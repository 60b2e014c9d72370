import { execFileSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { backup, restore, verify } from '../../src/backup/index.js';
import { login } from '../../src/zato/index.js';
import { dumpServer, makeServer, type TestServer } from './servers.js';

describe('SQLite → SQLite', () => {
  let src: TestServer;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    src = await makeServer('sqlite', { fixtures: true });
    cleanups.push(src.cleanup);
  });
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  test('bundle: every row identical (storage classes too), verify ok, login works with the restored key only', async () => {
    const file = join(src.dir, '..', 'sso.bundle');
    const progress: string[] = [];
    const b = await backup(src.dir, file, { onProgress: (p) => progress.push(p.phase) });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(b.engine).toBe('sqlite');
    expect(b.tables.map((t) => t.name).sort()).toEqual(Object.keys(await dumpServer(src)).sort());
    expect(b.tables.find((t) => t.name === 'zato_sso_attr')?.rows).toBeGreaterThan(10);
    expect(progress).toContain('rows');

    const dst = await makeServer('sqlite');
    cleanups.push(dst.cleanup);
    const r = await restore(file, dst.dir, { keyAction: 'write' });
    expect(r.crossEngine).toBe(false);
    expect(r.keyPlacement).toBe('written');
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    expect((await verify(file, dst.dir)).ok).toBe(true);

    const user = src.users.find((u) => u.approved) ?? src.users[0];
    if (!user) throw new Error('no fixture user');
    const li = await login(dst.dir, user.username, { password: user.password });
    expect(li.user_id).toBe(user.userId);
    await expect(login(dst.dir, user.username, { key: dst.key })).rejects.toMatchObject({ code: 'WRONG_KEY' });
  });

  test('--format sql loads with the sqlite3 CLI into a new server that already has the SSO tables (the seed)', async () => {
    const file = join(src.dir, '..', 'zato-sso-backup.sql');
    await backup(src.dir, file, { format: 'sql' });
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nDROP TABLE IF EXISTS')).toBe(true);
    expect(text).toMatch(/X'67414141/); // Fernet blobs written as blobs
    const dst = await makeServer('sqlite');
    cleanups.push(dst.cleanup);
    execFileSync('sh', ['-c', `sqlite3 zato.db < ${JSON.stringify(file)}`], { cwd: dst.dir, stdio: 'pipe' });
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    const user = src.users[0];
    if (!user) throw new Error('no fixture user');
    // the seed's manual key step: the old key given explicitly
    expect((await login(dst.dir, user.username, { key: src.key })).user_id).toBe(user.userId);
  });

  test("restore accepts a plain .sql made the seed's manual way (sqlite3 .dump plus DROP lines)", async () => {
    const dumped = execFileSync('sqlite3', [join(src.dir, 'zato.db'), '.dump zato_sso_%'], { encoding: 'utf8' });
    const drops = ['group', 'user', 'user_group', 'session', 'attr', 'linked_auth', 'password_reset']
      .map((t) => `DROP TABLE IF EXISTS zato_sso_${t};\n`)
      .join('');
    const manual = dumped.replace('BEGIN TRANSACTION;\n', `BEGIN TRANSACTION;\n${drops}`);
    const file = join(src.dir, '..', 'manual.sql');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, manual));
    const dst = await makeServer('sqlite');
    cleanups.push(dst.cleanup);
    await expect(restore(file, dst.dir)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/pass --plain-sql/) });
    const r = await restore(file, dst.dir, { plainSql: true });
    expect(r.keyAction).toBe('none');
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    expect(r.tables.find((t) => t.name === 'zato_sso_user')?.rows).toBe(src.users.length);
  });
});
