import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverKinds } from '@authstate/test-support';
import { beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { backup, readBundleManifest, restore } from '../../src/backup/index.js';
import type { ZatoEngine } from '../../src/zato/index.js';
import { dumpServer, secretsText, type TestServer, useServers } from './servers.js';

const ENGINES: ZatoEngine[] = ['sqlite', ...serverKinds().map((k) => (k === 'mariadb' ? 'mysql' : 'postgresql') as ZatoEngine)];
const server = useServers({ users: 2, attrsPerUser: 3 });

describe('a restore that fails half-way leaves the target exactly as it was', () => {
  let bad: string;
  beforeAll(async () => {
    // The last table loaded (an extra zato_sso_ table, discovered like the others) holds rows
    // the target refuses: a CHECK broken with ignore_check_constraints, and text in an INTEGER
    // column (SQLite keeps it; PostgreSQL and MariaDB reject it).
    const src = await server('sqlite', true);
    const db = new Database(join(src.dir, 'zato.db'));
    db.exec('CREATE TABLE zato_sso_zz_extra (id INTEGER NOT NULL, n INTEGER CHECK (n > 0), PRIMARY KEY (id))');
    db.pragma('ignore_check_constraints = ON');
    db.exec(`INSERT INTO zato_sso_zz_extra VALUES (1, 5), (2, -1), (3, 'not a number')`);
    db.close();
    bad = join(src.dir, '..', 'bad.bundle');
    await backup(src.dir, bad);
    const m = await readBundleManifest(bad);
    expect(m.tables.at(-1)?.name).toBe('zato_sso_zz_extra');
  });

  test.each(ENGINES)('target %s', async (engine) => {
    const dst = await server(engine, true);
    const before = await dumpServer(dst);
    const conf = await secretsText(dst);
    const err = await restore(bad, dst.dir, { force: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKEND' });
    expect(String((err as Error).message)).toMatch(/zato_sso_zz_extra/);
    expect(await dumpServer(dst)).toEqual(before);
    expect(await secretsText(dst)).toBe(conf);
  });
});

describe('damaged bundles are refused before the target is touched', () => {
  let src: TestServer;
  let dst: TestServer;
  let plain: string;
  let sealed: string;
  beforeAll(async () => {
    src = await server('sqlite', true);
    dst = await server('sqlite', true);
    plain = join(src.dir, '..', 'plain.bundle');
    sealed = join(src.dir, '..', 'sealed.bundle');
    await backup(src.dir, plain);
    const b = await backup(src.dir, sealed, { passphrase: 'correct horse battery staple' });
    expect(b.encrypted).toBe(true);
    expect((await readFile(sealed)).includes(Buffer.from(src.key))).toBe(false);
    expect((await readFile(plain)).includes(Buffer.from('zato_sso_user'))).toBe(true);
  });

  async function flipped(file: string, at: number): Promise<string> {
    const bytes = await readFile(file);
    const pos = Math.floor(bytes.length * at);
    bytes[pos] = (bytes[pos] as number) ^ 0x01;
    const out = `${file}.flip${at}`;
    await writeFile(out, bytes);
    return out;
  }

  async function expectRefused(file: string, code: string, passphrase?: string): Promise<void> {
    const before = await dumpServer(dst);
    const conf = await secretsText(dst);
    await expect(restore(file, dst.dir, { force: true, passphrase })).rejects.toMatchObject({ code });
    expect(await dumpServer(dst)).toEqual(before);
    expect(await secretsText(dst)).toBe(conf);
  }

  test.each([0.01, 0.3, 0.6, 0.9, 0.999])('a flipped byte at %p of an unencrypted bundle → CORRUPT', async (at) => {
    await expectRefused(await flipped(plain, at), 'CORRUPT');
  });

  test.each([0.3, 0.9, 0.999])('a flipped byte at %p of an encrypted bundle → CORRUPT', async (at) => {
    await expectRefused(await flipped(sealed, at), 'CORRUPT', 'correct horse battery staple');
  });

  test('truncated bundles → CORRUPT', async () => {
    for (const f of [plain, sealed]) {
      const size = (await stat(f)).size;
      for (const cut of [size - 1, size - 40, Math.floor(size / 2)]) {
        const out = `${f}.cut${cut}`;
        await writeFile(out, await readFile(f));
        await truncate(out, cut);
        await expectRefused(out, 'CORRUPT', f === sealed ? 'correct horse battery staple' : undefined);
      }
    }
  });

  test('wrong or missing passphrase → WRONG_KEY', async () => {
    await expectRefused(sealed, 'WRONG_KEY', 'wrong horse');
    await expectRefused(sealed, 'WRONG_KEY');
  });

  test('a backup into a missing directory fails cleanly (BACKEND)', async () => {
    await expect(backup(src.dir, join(src.dir, 'no', 'such', 'dir', 'x.bundle'))).rejects.toMatchObject({ code: 'BACKEND' });
  });

  test('the right passphrase restores', async () => {
    const fresh = await server('sqlite');
    await restore(sealed, fresh.dir, { keyAction: 'write', passphrase: 'correct horse battery staple' });
    expect(await dumpServer(fresh)).toEqual(await dumpServer(src));
  });

  test('a bundle is written 0600 and an appended byte is refused', async () => {
    expect((await stat(plain)).mode & 0o777).toBe(0o600);
    const out = `${plain}.extra`;
    await writeFile(out, Buffer.concat([await readFile(plain), Buffer.from([0])]));
    await expectRefused(out, 'CORRUPT');
  });
});
