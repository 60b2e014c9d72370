import { createOocdService } from '@authstate/oocd-core';
import { adminQuery, type ServerKind, serverKinds } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { SqlOocdDriver, schemaDdl } from '../src/index.js';
import { createSplitUsers, type SplitUsers } from './support/split-users.js';
import { openTarget, randomTable, type Target } from './support/targets.js';

const HOUR = { ttlMs: 3_600_000 };
const DIALECT = { mariadb: 'mysql', postgres: 'postgres' } as const;

// The seed's user split: a schema user that may only CREATE, a data user that may only SELECT,
// INSERT, UPDATE and DELETE. Proven against real grants on each server.
describe.each(serverKinds())('users on %s', (kind: ServerKind) => {
  let target: Target & { kind: ServerKind };
  let users: SplitUsers;

  beforeAll(async () => {
    target = (await openTarget(kind)) as Target & { kind: ServerKind };
    users = await createSplitUsers(target);
  }, 600_000);
  afterAll(async () => {
    await target?.drop();
    await users?.drop();
  });

  const asData = (table: string, extra: Record<string, string | boolean> = {}) => ({
    url: target.url,
    table,
    dataUser: users.data.user,
    dataUserPassword: users.data.password,
    ...extra,
  });

  test('the data user really lacks CREATE', async () => {
    await expect(adminQuery(kind, users.urlAs(users.data), `CREATE TABLE ${randomTable()} (a INTEGER)`)).rejects.toThrow(/denied/i);
  });

  test('automaticDbSchemaSetup creates the table as the schema user, then the data user does all the work', async () => {
    const table = randomTable();
    const driver = await SqlOocdDriver.open(asData(table, { schemaUser: users.schema.user, schemaUserPassword: users.schema.password }));
    const oocd = createOocdService(driver, { reaperIntervalSec: 0 });
    try {
      expect(await oocd.create('/u/a', 'v', { ...HOUR, metadata: { m: '1' } })).toBe(true);
      await oocd.set('/u/b/c', 'w', HOUR);
      await oocd.set('/u/old', 'x', { expiresAt: new Date(Date.now() - 1) });
      expect(await oocd.children('/u')).toEqual(['a', 'b']);
      expect((await oocd.take('/u/a'))?.metadata).toEqual({ m: '1' });
      expect(await oocd.reap()).toBe(1);
      expect(await oocd.remove('/u', { recursive: true })).toBe(1);
    } finally {
      await oocd.close();
    }
  });

  test('a table made by hand from schemaDdl() is used with automaticDbSchemaSetup=false', async () => {
    const table = randomTable();
    for (const statement of schemaDdl(DIALECT[kind], { table })
      .split(/;\n/)
      .filter((s) => s.trim())) {
      await adminQuery(kind, users.urlAs(users.schema), statement);
    }
    const oocd = createOocdService(await SqlOocdDriver.open(asData(table, { automaticDbSchemaSetup: false })), { reaperIntervalSec: 0 });
    try {
      await oocd.set('/h/a', 'v', HOUR);
      expect((await oocd.get('/h/a'))?.value).toBe('v');
    } finally {
      await oocd.close();
    }
  });

  test('with automaticDbSchemaSetup=false a missing table is a CONFIG error naming the DDL to run', async () => {
    const table = randomTable();
    const opening = SqlOocdDriver.open(asData(table, { automaticDbSchemaSetup: false }));
    await expect(opening).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringContaining('authstate oocd schema --url') });
    await expect(opening).rejects.toThrow(new RegExp(`Table ${table} .*does not exist`));
  });

  test('without a schemaUser the data user is used for the DDL, and its missing CREATE right is a clear CONFIG error', async () => {
    const opening = SqlOocdDriver.open(asData(randomTable()));
    await expect(opening).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/lacks the CREATE privilege/) });
  });

  test('a wrong password is an error that does not contain it', async () => {
    const opening = SqlOocdDriver.open({ ...asData(randomTable()), dataUserPassword: 'not-the-password-42' });
    await expect(opening).rejects.toMatchObject({ code: 'BACKEND' });
    await expect(opening).rejects.not.toThrow(/not-the-password-42/);
  });
});
