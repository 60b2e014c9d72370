import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverKinds } from '@authstate/test-support';
import { describe, expect, test } from '@jest/globals';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { FrameType } from '../../src/backup/bundle/format.js';
import { backup, restore } from '../../src/backup/index.js';
import type { SchemaInfo } from '../../src/backup/types.js';
import { asOldFormat, assemble, type RawFrame, rawBundle } from './craft-bundle.js';
import { dumpServer, type TestServer, useServers } from './servers.js';

// Issue #10: a same-engine restore into PostgreSQL or MariaDB must never run DDL text taken from
// the bundle (anyone can rewrite an unencrypted bundle and its trailer). The tables are written
// from the schema's description; a bundle's createSql / postSql / fkSql and odd column types are
// ignored, whatever the bundle's format.

const SERVERS: ('postgresql' | 'mysql')[] = serverKinds().map((k) => (k === 'mariadb' ? 'mysql' : 'postgresql'));
const server = useServers({ users: 1, attrsPerUser: 1 });

/** Runs SQL on a server's database with the engine's own driver; returns the rows. */
async function sqlOn(s: TestServer, text: string): Promise<Record<string, unknown>[]> {
  if (s.engine === 'postgresql') {
    const c = new pg.Client({ connectionString: s.url });
    await c.connect();
    try {
      return (await c.query(text)).rows;
    } finally {
      await c.end();
    }
  }
  const c = await mysql.createConnection({ uri: s.url });
  try {
    return (await c.query(text))[0] as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

/** The names of the tables of a server's database. */
async function tableNames(s: TestServer): Promise<string[]> {
  const q =
    s.engine === 'postgresql'
      ? `SELECT tablename AS n FROM pg_tables WHERE schemaname = current_schema()`
      : `SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`;
  return (await sqlOn(s, q)).map((r) => String(r.n)).sort();
}

/** The bundle's frames with its schema frame rewritten by `change`. */
function withSchema(frames: RawFrame[], change: (s: SchemaInfo) => void): RawFrame[] {
  return frames.map((f) => {
    if (f.type !== FrameType.schema) return f;
    const schema = JSON.parse(f.payload.toString('utf8')) as SchemaInfo;
    change(schema);
    return { type: f.type, payload: Buffer.from(JSON.stringify(schema)) };
  });
}

/** DDL text a forger would put in a bundle: extra statements, a dropped canary, a widened column. */
function hostileDdl(schema: SchemaInfo): void {
  for (const t of schema.tables) {
    t.createSql = `CREATE TABLE pwned_create_${t.name} (x integer)`;
    t.postSql = [...t.postSql, 'CREATE TABLE pwned_post (x integer)', 'DROP TABLE canary'];
    t.fkSql = [...t.fkSql, 'DROP TABLE canary'];
    const last = t.columns.at(-1);
    if (last) last.sqlType = 'text, pwned_column integer';
  }
}

describe.each(SERVERS)('%s: a bundle cannot make a same-engine restore run its DDL', (engine) => {
  test.each([3, 2] as const)(
    'format %i: hostile createSql / postSql / fkSql / column types are not run; tables from the description, rows identical',
    async (version) => {
      const src = await server(engine, true);
      const file = join(src.dir, '..', 'sso.bundle');
      await backup(src.dir, file);
      const { header, frames } = await rawBundle(file);
      const forged = withSchema(frames, hostileDdl);
      const path = join(src.dir, '..', `forged-v${version}.bundle`);
      await writeFile(path, version === 3 ? assemble(header, forged) : asOldFormat(header, forged, version, 'DROP TABLE canary;\n'));
      const dst = await server(engine);
      await sqlOn(dst, 'CREATE TABLE canary (x integer)');
      const r = await restore(path, dst.dir, { keyAction: 'write' });
      expect(r.crossEngine).toBe(false);
      // same rows and columns (no pwned_column), the canary kept, no table the bundle's text named
      expect(await dumpServer(dst)).toEqual(await dumpServer(src));
      const names = await tableNames(dst);
      expect(names).toContain('canary');
      expect(names.filter((n) => n.startsWith('pwned'))).toEqual([]);
    },
    180_000,
  );

  test('an ON DELETE action that is not one of SQL’s is CORRUPT, the target unchanged', async () => {
    const src = await server(engine, true);
    const file = join(src.dir, '..', 'sso.bundle');
    await backup(src.dir, file);
    const { header, frames } = await rawBundle(file);
    const forged = withSchema(frames, (s) => {
      const t = s.tables.find((x) => x.foreignKeys.length > 0);
      const fk = t?.foreignKeys[0];
      if (!fk) throw new Error('no foreign key in the Zato schema');
      fk.onDelete = 'CASCADE; DROP TABLE canary';
    });
    const path = join(src.dir, '..', 'forged-fk.bundle');
    await writeFile(path, assemble(header, forged));
    const dst = await server(engine);
    await sqlOn(dst, 'CREATE TABLE canary (x integer)');
    const before = await dumpServer(dst);
    await expect(restore(path, dst.dir, { keyAction: 'write' })).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringMatching(/field onDelete is "CASCADE; DROP TABLE canary", expected "CASCADE" or/),
    });
    expect(await dumpServer(dst)).toEqual(before);
    expect(await tableNames(dst)).toContain('canary');
  }, 600_000);
});
