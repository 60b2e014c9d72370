import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, serverKinds, type TestDatabase } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, useTempDir } from './helpers/cli.js';
import { oocdCommandFlow } from './helpers/oocd-flow.js';

const kinds = serverKinds();
const tmp = useTempDir();

describe.each(kinds)('oocd commands as subprocesses on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind, 'cli');
  });
  afterAll(async () => db?.drop());

  test('every command, with the password from --data-password-file (not in the URL)', async () => {
    const pw = join(tmp.dir, `${kind}.pw`);
    await writeFile(pw, `${db.password}\n`, { mode: 0o600 });
    const scheme = kind === 'mariadb' ? 'mariadb' : 'postgres';
    const url = `${scheme}://${db.host}:${db.port}/${db.name}`;
    const backend = [
      '--url',
      url,
      '--data-user',
      db.user,
      '--data-password-file',
      pw,
      '--schema-user',
      db.user,
      '--schema-password-file',
      pw,
    ];
    await oocdCommandFlow(backend, '/server-flow');
  }, 600_000);

  test('a wrong password is one clear line, exit 1, without the password', async () => {
    const pw = join(tmp.dir, `${kind}.wrong`);
    await writeFile(pw, 'definitely-wrong-pw\n');
    const scheme = kind === 'mariadb' ? 'mariadb' : 'postgres';
    const r = await runCli([
      'oocd',
      'ls',
      '/',
      '--url',
      `${scheme}://${db.host}:${db.port}/${db.name}`,
      '--data-user',
      db.user,
      '--data-password-file',
      pw,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('definitely-wrong-pw');
  });

  test('schema --url prints DDL for the dialect', async () => {
    const scheme = kind === 'mariadb' ? 'mariadb' : 'postgres';
    const r = await runCli(['oocd', 'schema', '--url', `${scheme}://${db.host}:${db.port}/${db.name}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CREATE TABLE/i);
  });
});
