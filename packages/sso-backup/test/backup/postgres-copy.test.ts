import { join } from 'node:path';
import { serverKinds } from '@authstate/test-support';
import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import pg from 'pg';
import { backup, restore, verify } from '../../src/backup/index.js';
import { copyUnescape, parseCopyLine } from '../../src/backup/values/copy-text.js';
import { loadWithClient } from './clients.js';
import { dumpServer, useServers } from './servers.js';

// Backup reads PostgreSQL with COPY (…) TO STDOUT and restore loads it with COPY … FROM STDIN:
// values that the COPY text format escapes must survive both directions byte for byte.
const HAS_PG = serverKinds().includes('postgres');
const server = useServers({ users: 2, attrsPerUser: 3 });

const AWKWARD_TEXT = [
  'back\\slash \\N \\t \\\\',
  'tab\there',
  'new\nline and\r\nCRLF',
  '\\N',
  '',
  'zażółć 😀 日本 \u2028 \u0001\b\f\v',
  ' trailing space ',
];

describe('COPY text codec', () => {
  test('unescapes every sequence PostgreSQL writes and parses fields by kind', () => {
    expect(copyUnescape('a\\\\b\\tc\\nd\\re\\bf\\fg\\vh\\101\\x42')).toBe('a\\b\tc\nd\re\bf\fg\vhAB');
    expect(parseCopyLine('7\t\\N\tt\tf\t1.5\t5c00\tx\\ty', ['int', 'text', 'bool', 'bool', 'real', 'blob', 'text'])).toEqual([
      7,
      null,
      true,
      false,
      { f: 1.5 },
      { b: Buffer.from([0x5c, 0]).toString('base64') },
      'x\ty',
    ]);
  });
});

describe.each(HAS_PG ? ['postgresql'] : [])('%s COPY paths', () => {
  test('awkward values round-trip PostgreSQL → PostgreSQL (bundle and psql-loaded dump) and verify', async () => {
    const src = await server('postgresql', true);
    const c = new pg.Client({ connectionString: src.url });
    await c.connect();
    try {
      await c.query(
        'CREATE TABLE zato_sso_zz_awkward (id INTEGER PRIMARY KEY, txt TEXT, b BYTEA, f DOUBLE PRECISION, flag BOOLEAN, ts TIMESTAMP, j JSON)',
      );
      let id = 0;
      for (const t of [...AWKWARD_TEXT, null]) {
        id++;
        await c.query('INSERT INTO zato_sso_zz_awkward VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          id,
          t,
          id % 2 ? Buffer.from([0, 10, 9, 92, 13, 255, id]) : null,
          id % 3 ? id / 7 : null,
          id % 4 === 0 ? null : id % 2 === 0,
          id % 5 ? `2024-02-29 23:59:59.${String(id).padStart(6, '0')}` : null,
          t === null ? null : JSON.stringify({ t }),
        ]);
      }
      await c.query(`UPDATE zato_sso_attr SET value = $1 WHERE id = (SELECT min(id) FROM zato_sso_attr)`, [AWKWARD_TEXT.join('|')]);
    } finally {
      await c.end();
    }
    const before = await dumpServer(src);
    expect(before.zato_sso_zz_awkward).toHaveLength(AWKWARD_TEXT.length + 1);

    const file = join(src.dir, '..', 'awkward.bundle');
    await backup(src.dir, file);
    const dst = await server('postgresql');
    await restore(file, dst.dir, { keyAction: 'write' });
    expect(await dumpServer(dst)).toEqual(before);
    expect((await verify(file, dst.dir)).ok).toBe(true);

    const sqlFile = join(src.dir, '..', 'awkward.sql');
    await backup(src.dir, sqlFile, { format: 'sql' });
    const viaPsql = await server('postgresql');
    loadWithClient('postgresql', viaPsql.url, sqlFile);
    expect(await dumpServer(viaPsql)).toEqual(before);
  });

  test('a COPY that fails in the middle of a table is cancelled and the target stays as it was', async () => {
    // 5000 rows so the bad one arrives while the table's COPY is open (several batches in).
    const src = await server('sqlite', true);
    const db = new Database(join(src.dir, 'zato.db'));
    db.exec('CREATE TABLE zato_sso_zz_text (id INTEGER NOT NULL, t TEXT, PRIMARY KEY (id))');
    const ins = db.prepare('INSERT INTO zato_sso_zz_text VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 1; i <= 5000; i++) ins.run(i, i === 4500 ? Buffer.from([0xff, 0xfe]) : `row ${i}`);
    })();
    db.close();
    const file = join(src.dir, '..', 'binary-in-text.bundle');
    await backup(src.dir, file);
    const dst = await server('postgresql', true);
    const before = await dumpServer(dst);
    const err = await restore(file, dst.dir, { force: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKEND' });
    expect(String((err as Error).message)).toMatch(/zato_sso_zz_text/);
    expect(await dumpServer(dst)).toEqual(before);
  });
});
