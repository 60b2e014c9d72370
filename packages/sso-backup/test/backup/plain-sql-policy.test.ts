import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { openConn } from '../../src/backup/conn/open-conn.js';
import { loadSqliteScript } from '../../src/backup/load/sqlite-script-loader.js';
import { checkScriptStatement } from '../../src/backup/load/sso-script-policy.js';
import { dumpServer, secretsText, type TestServer, useServers } from './servers.js';

const server = useServers({ users: 2, attrsPerUser: 2 });
/** SHA-256 of a file's bytes (comparing digests: jest compares Buffers byte by byte, slowly). */
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('checkScriptStatement: what a dump of the SSO tables holds is accepted', () => {
  test.each([
    ['BEGIN TRANSACTION;', 'control'],
    ['COMMIT;', 'control'],
    ['END TRANSACTION;', 'control'],
    ['PRAGMA foreign_keys=OFF;', 'control'],
    ['PRAGMA foreign_keys = 1;', 'control'],
    ['CREATE TABLE zato_sso_group (\n\tid INTEGER NOT NULL, name VARCHAR(191), PRIMARY KEY (id)\n);', 'sso'],
    ["CREATE TABLE IF NOT EXISTS \"zato_sso_x\" (a TEXT DEFAULT 'x', CHECK (a IN ('x', 'y'))) WITHOUT ROWID;", 'sso'],
    ['CREATE UNIQUE INDEX auth_idx ON zato_sso_linked_auth (auth_type, user_id);', 'sso'],
    ['CREATE INDEX IF NOT EXISTS i ON [zato_sso_user] (email) WHERE email IS NOT NULL;', 'sso'],
    ['DROP TABLE IF EXISTS zato_sso_attr;', 'sso'],
    ["INSERT INTO zato_sso_user VALUES(1,'zusr1',X'6741',NULL,-1.5e3,0);", 'sso'],
    [
      "INSERT INTO \"zato_sso_user\"(id, `name`) VALUES(1, replace(replace('a\\nb','\\n',char(10)),'\\r',char(13))), (2, 'c' || 'd');",
      'sso',
    ],
    ["INSERT INTO main.ZATO_SSO_GROUP VALUES(1, unistr('a\\u000ab'));", 'sso'],
    ["-- comment; with a semicolon\nINSERT INTO zato_sso_x VALUES('it''s; ok');", 'sso'],
  ])('%s', (stmt, kind) => {
    expect(checkScriptStatement(stmt).kind).toBe(kind);
  });
});

describe('checkScriptStatement: anything else is refused, names read as SQLite reads them', () => {
  test.each([
    ['DELETE FROM sec_base;', /DELETE statements/],
    ['CREATE TABLE evil (a);', /"evil", which is not a zato_sso_\* table/],
    ["ATTACH DATABASE '/tmp/x.db' AS x;", /ATTACH/],
    ['CREATE TRIGGER t AFTER INSERT ON sec_base BEGIN DELETE FROM sec_base; END;', /CREATE TRIGGER/],
    ['CREATE TRIGGER t AFTER INSERT ON zato_sso_user BEGIN DELETE FROM sec_base; END;', /CREATE TRIGGER/],
    ['CREATE VIEW zato_sso_v AS SELECT * FROM sec_base;', /CREATE VIEW/],
    ["DELETE FROM sec_base WHERE name = 'zato_sso_x';", /DELETE/],
    ["INSERT INTO sec_base VALUES('zato_sso_x');", /"sec_base"/],
    ['INSERT INTO "sec_base" VALUES(1);', /"sec_base"/],
    ['INSERT INTO [sec_base] VALUES(1);', /"sec_base"/],
    ['INSERT INTO `sec_base` VALUES(1);', /"sec_base"/],
    ["INSERT INTO 'sec_base' VALUES(1);", /"sec_base"/],
    ['INSERT INTO "zato_sso_""x"."sec_base" VALUES(1);', /main database/],
    ['INSERT INTO /* zato_sso_x */ sec_base VALUES(1);', /"sec_base"/],
    ['INSERT INTO -- zato_sso_x\n sec_base VALUES(1);', /"sec_base"/],
    ['INSERT INTO zato_ssox VALUES(1);', /"zato_ssox"/],
    ['INSERT INTO aux.zato_sso_user VALUES(1);', /main database/],
    ['INSERT INTO zato_sso_user SELECT * FROM sec_base;', /expected VALUES/],
    ['INSERT INTO zato_sso_user VALUES((SELECT password FROM sec_base));', /not "SELECT"/],
    ["INSERT INTO zato_sso_user VALUES(load_extension('/tmp/x.so'));", /not "load_extension"/],
    ['INSERT INTO zato_sso_user VALUES(?);', /not "\?"/],
    ['INSERT INTO zato_sso_user VALUES(1) ON CONFLICT DO NOTHING;', /unexpected "ON"/],
    ['INSERT INTO zato_sso_user VALUES(1) RETURNING *;', /unexpected "RETURNING"/],
    ['CREATE TABLE zato_sso_x AS SELECT * FROM sec_base;', /no AS SELECT/],
    ['CREATE TEMP TABLE zato_sso_x (a);', /CREATE TEMP/],
    ['CREATE VIRTUAL TABLE zato_sso_x USING fts5(a);', /CREATE VIRTUAL/],
    ['CREATE INDEX i ON sec_base (a);', /"sec_base"/],
    ['DROP TABLE sec_base;', /"sec_base"/],
    ['DROP INDEX zato_u_email_idx;', /only DROP TABLE/],
    ['ALTER TABLE zato_sso_user RENAME TO sec_base;', /ALTER/],
    ['UPDATE zato_sso_user SET password = NULL;', /UPDATE/],
    ['PRAGMA writable_schema=ON;', /only PRAGMA foreign_keys/],
    ["VACUUM INTO '/tmp/copy.db';", /VACUUM/],
    ['ROLLBACK; -- due to errors', /ROLLBACK/],
    ["INSERT INTO zato_sso_x VALUES('never closed);", /ends inside a quoted string/],
    ['INSERT INTO zato_sso_x VALUES(1); /* open', /ends inside a \/\* comment/],
    ['INSERT INTO zato_sso_x VALUES(1\u0000);', /character "\\u0000"/],
  ])('%s', (stmt, why) => {
    expect(() => checkScriptStatement(stmt)).toThrow(why);
  });

  test('the statement is shown without its literals (which may be secrets)', () => {
    const shown = (stmt: string) => {
      try {
        checkScriptStatement(stmt);
      } catch (e) {
        return (e as { shown: string }).shown;
      }
      return undefined;
    };
    expect(shown("INSERT INTO sec_base VALUES(7, 's3cr3t-password', X'deadbeef');")).toBe("INSERT INTO sec_base VALUES ( … , '…' , X'…' )");
    expect(shown("INSERT INTO sec_base VALUES('s3cr3t never closed);")).toBe('INSERT INTO sec_base VALUES(…');
  });
});

describe('loadSqliteScript refuses a hostile or empty script before it runs any statement', () => {
  let src: TestServer;
  let dump: string;
  beforeAll(async () => {
    src = await server('sqlite', true);
    // the seed's manual way: sqlite3 .dump plus DROP lines, children first
    const drops = ['attr', 'linked_auth', 'password_reset', 'session', 'user_group', 'user', 'group'].map(
      (t) => `DROP TABLE IF EXISTS zato_sso_${t};\n`,
    );
    const dumped = execFileSync('sqlite3', [join(src.dir, 'zato.db'), '.dump zato_sso_%'], { encoding: 'utf8' });
    dump = dumped.replace('BEGIN TRANSACTION;\n', `BEGIN TRANSACTION;\n${drops.join('')}`);
  });

  /** A target with the SSO tables and, like a Zato ODB, a sec_base table (init-server makes one) plus a table holding a secret. */
  async function target(): Promise<TestServer> {
    const dst = await server('sqlite');
    const db = new Database(join(dst.dir, 'zato.db'));
    db.exec("CREATE TABLE odb_secret (id INTEGER PRIMARY KEY, password TEXT); INSERT INTO odb_secret VALUES (1, 'odb-secret');");
    db.close();
    return dst;
  }

  async function load(dst: TestServer, script: string | Buffer): Promise<{ error: unknown; ran: number }> {
    const file = join(dst.dir, '..', 'script.sql');
    await writeFile(file, script);
    const conn = await openConn({ serverDir: dst.dir });
    let ran = 0;
    try {
      await loadSqliteScript(conn, file, (n) => {
        ran = n;
      });
      return { error: undefined, ran };
    } catch (error) {
      return { error, ran };
    } finally {
      await conn.close();
    }
  }

  test.each([
    [
      'a DELETE on another table at the end',
      (d: string) => d.replace(/COMMIT;\n$/, 'DELETE FROM sec_base;\nCOMMIT;\n'),
      /statement \d+ \(line \d+\): DELETE statements/,
    ],
    ['CREATE TABLE evil at the start', (d: string) => `CREATE TABLE evil (a);\n${d}`, /statement 1 \(line 1\).*"evil"/],
    [
      'a secret inserted into another table',
      (d: string) => d.replace('BEGIN TRANSACTION;\n', "BEGIN TRANSACTION;\n\nINSERT INTO sec_base VALUES(2, 's3cr3t-password');\n"),
      /statement 3 \(line 4\).*"sec_base"/,
    ],
    ['an empty file', () => '', /holds no statement on a zato_sso_\* table/],
    ['only the transaction lines', () => 'PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCOMMIT;\n', /holds no statement/],
    ['a dump cut inside a string', (d: string) => d.slice(0, d.indexOf("'zusr") + 3), /ends inside a quoted string/],
  ])('%s → CORRUPT naming the statement; database and secrets.conf byte-identical', async (_name, make, why) => {
    const dst = await target();
    const db = sha(await readFile(join(dst.dir, 'zato.db')));
    const conf = await secretsText(dst);
    const { error, ran } = await load(dst, make(dump));
    expect(error).toMatchObject({ code: 'CORRUPT' });
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).not.toMatch(/s3cr3t|odb-secret/);
    expect(ran).toBe(0);
    expect(sha(await readFile(join(dst.dir, 'zato.db')))).toBe(db);
    expect(await secretsText(dst)).toBe(conf);
  });

  test('bytes that are not UTF-8 → CORRUPT, nothing changed', async () => {
    const dst = await target();
    const db = sha(await readFile(join(dst.dir, 'zato.db')));
    const bad = Buffer.concat([
      Buffer.from("BEGIN TRANSACTION;\nINSERT INTO zato_sso_group VALUES(9,'"),
      Buffer.from([0xff, 0xfe]),
      Buffer.from("');\n"),
    ]);
    const { error } = await load(dst, bad);
    expect(error).toMatchObject({ code: 'CORRUPT' });
    expect((error as Error).message).toMatch(/not UTF-8/);
    expect(sha(await readFile(join(dst.dir, 'zato.db')))).toBe(db);
  });

  test('the real dump loads, and the other tables are left alone', async () => {
    const dst = await target();
    const { error, ran } = await load(dst, dump);
    expect(error).toBeUndefined();
    expect(ran).toBeGreaterThan(0);
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    const db = new Database(join(dst.dir, 'zato.db'), { readonly: true });
    expect(db.prepare('SELECT password FROM odb_secret').all()).toEqual([{ password: 'odb-secret' }]);
    expect(db.prepare('SELECT count(*) AS n FROM sec_base').get()).toEqual({ n: 1 });
    db.close();
  });
});
