import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { sqlStatementBatches } from '../../src/backup/load/sql-statements.js';
import { checkScriptStatement } from '../../src/backup/load/sso-script-policy.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function split(text: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sql-split-'));
  dirs.push(dir);
  const file = join(dir, 'dump.sql');
  await writeFile(file, text);
  const out: string[] = [];
  for await (const batch of sqlStatementBatches(file)) out.push(...batch);
  return out.map((s) => s.trim());
}

const CHUNK = 1024 * 1024; // the splitter reads 1 MiB at a time

test('quotes, identifiers, comments and trigger bodies keep their semicolons', async () => {
  const stmts = [
    `CREATE TABLE "a;b" (x TEXT, [c;d] INT, \`e;f\` INT);`,
    `INSERT INTO "a;b" VALUES('it''s; here', 1, 2);`,
    `-- a comment; with a semicolon\nINSERT INTO "a;b" VALUES('x', 3, 4);`,
    `/* block; comment */ INSERT INTO "a;b" VALUES('y', 5, 6);`,
    `CREATE TRIGGER tr AFTER INSERT ON "a;b" BEGIN UPDATE "a;b" SET x = 'z;'; DELETE FROM "a;b" WHERE 0; END;`,
  ];
  expect(await split(stmts.join('\n'))).toEqual(stmts);
});

test.each([
  ['--', ' a comment; here\n'],
  ['/*', ' a comment; here */'],
])('a %s split across two read chunks is still a comment', async (open, rest) => {
  const head = "INSERT INTO t VALUES('";
  const pad = 'x'.repeat(CHUNK - head.length - "');\n".length - 1);
  const first = `${head}${pad}');`;
  // the comment opener's first character is the last of the first chunk
  const text = `${first}\n${open}${rest}\nINSERT INTO t VALUES('a;b');\n`;
  expect(text.indexOf(open)).toBe(CHUNK - 1);
  expect(await split(text)).toEqual([first, `${open}${rest}\nINSERT INTO t VALUES('a;b');`]);
});

test('a block comment whose end is split across chunks ends there', async () => {
  const text = `/*${'c'.repeat(CHUNK - 3)}*/ SELECT 1; SELECT 2;`;
  expect(text.indexOf('*/')).toBe(CHUNK - 1);
  expect(await split(text)).toEqual([`/*${'c'.repeat(CHUNK - 3)}*/ SELECT 1;`, 'SELECT 2;']);
});

test('transaction control of a dump is recognised, data statements are not', () => {
  for (const s of ['BEGIN TRANSACTION;', '\ncommit;', 'END;', 'PRAGMA foreign_keys=OFF;', '-- x\nBEGIN;'])
    expect(checkScriptStatement(s).kind).toBe('control');
  for (const s of ["INSERT INTO zato_sso_t VALUES('BEGIN');", 'CREATE TABLE zato_sso_t(a);'])
    expect(checkScriptStatement(s).kind).toBe('sso');
  for (const s of ['PRAGMA user_version=1;', 'END_TABLE;']) expect(() => checkScriptStatement(s)).toThrow();
});
