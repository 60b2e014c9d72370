import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverKinds } from '@authstate/test-support';
import { describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { backup, restore, sqlOfBundle, verify } from '../../src/backup/index.js';
import { login } from '../../src/zato/index.js';
import { loadWithClient } from './clients.js';
import { booleanColumns, dumpServer, normalizeDump, type TestServer, useServers } from './servers.js';

const SERVERS: ('postgresql' | 'mysql')[] = serverKinds().map((k) => (k === 'mariadb' ? 'mysql' : 'postgresql'));
const server = useServers();

async function expectLogin(src: TestServer, dst: TestServer): Promise<void> {
  const user = src.users[0];
  if (!user) throw new Error('no fixture user');
  expect((await login(dst.dir, user.username, { password: user.password })).user_id).toBe(user.userId);
  await expect(login(dst.dir, user.username, { key: dst.key })).rejects.toMatchObject({ code: 'WRONG_KEY' });
}

describe.each(SERVERS)('%s → same engine', (engine) => {
  test('bundle restore: rows identical, verify ok, login with the restored key; the native dump loads with the client', async () => {
    const src = await server(engine, true);
    const file = join(src.dir, '..', 'sso.bundle');
    const b = await backup(src.dir, file);
    expect(b.engine).toBe(engine);
    const dst = await server(engine);
    const r = await restore(file, dst.dir, { keyAction: 'write' });
    expect(r.crossEngine).toBe(false);
    const before = await dumpServer(src);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(7);
    expect(await dumpServer(dst)).toEqual(before);
    expect((await verify(file, dst.dir)).ok).toBe(true);
    await expectLogin(src, dst);

    const sqlFile = join(src.dir, '..', 'dump.sql');
    const dump = await backup(src.dir, sqlFile, { format: 'sql' });
    expect(dump.tables.map((t) => [t.name, t.rows, t.sha256])).toEqual(b.tables.map((t) => [t.name, t.rows, undefined]));
    // with checksums: the same dump, and the bundle's checksums
    const summed = await backup(src.dir, `${sqlFile}.summed`, { format: 'sql', checksums: true });
    expect(summed.tables).toEqual(b.tables);
    expect(await readFile(`${sqlFile}.summed`, 'utf8')).toBe(await readFile(sqlFile, 'utf8'));
    // the bundle holds the rows once (format 3): the dump made from them is the --format sql dump
    let fromBundle = '';
    for await (const t of sqlOfBundle(file)) fromBundle += t;
    expect(fromBundle).toBe(await readFile(sqlFile, 'utf8'));
    const viaClient = await server(engine);
    loadWithClient(engine, viaClient.url, sqlFile);
    expect(await dumpServer(viaClient)).toEqual(before);
    if (engine === 'postgresql') {
      // sequences carried and set to max(id): the next id does not collide
      for (const s of [dst, viaClient]) {
        const c = new pg.Client({ connectionString: s.url });
        await c.connect();
        const { rows } = await c.query(`SELECT nextval('zato_sso_attr_seq')::int AS n, (SELECT max(id) FROM zato_sso_attr)::int AS m`);
        await c.end();
        expect(rows[0].n).toBe(rows[0].m + 1);
      }
    }
  }, 600_000);
});

describe.each(SERVERS)('sqlite → %s', (engine) => {
  test('rows type-mapped (booleans, dates, Fernet blobs → text), verify ok, login works', async () => {
    const src = await server('sqlite', true);
    const file = join(src.dir, '..', 'sso.bundle');
    await backup(src.dir, file);
    const dst = await server(engine);
    const r = await restore(file, dst.dir, { keyAction: 'write' });
    expect(r.crossEngine).toBe(true);
    expect((await verify(file, dst.dir)).ok).toBe(true);
    const got = await dumpServer(dst);
    const bools = engine === 'postgresql' ? booleanColumns(got) : booleanColumns(await dumpServer(await pgShape()));
    expect(bools.has('zato_sso_user.is_active')).toBe(true);
    expect(normalizeDump(got, bools)).toEqual(normalizeDump(await dumpServer(src), bools));
    // and back: the target's own backup restores into SQLite with blobs as Zato writes them
    const back = join(dst.dir, '..', 'back.bundle');
    await backup(dst.dir, back);
    const again = await server('sqlite');
    await restore(back, again.dir, { keyAction: 'write' });
    expect(await dumpServer(again)).toEqual(await dumpServer(src));
    await expectLogin(src, dst);
  }, 600_000);
});

/** A PostgreSQL server with fixtures, only to learn which columns are boolean. */
let pgShapeCache: TestServer | undefined;
async function pgShape(): Promise<TestServer> {
  if (!pgShapeCache) pgShapeCache = await server('postgresql', true);
  return pgShapeCache;
}
