import { join } from 'node:path';
import { serverKinds } from '@authstate/test-support';
import { describe, expect, test } from '@jest/globals';
import { backup, restore } from '../../src/backup/index.js';
import { dumpServer, type TestServer, useServers } from './servers.js';
import { run, ZATO_ODB } from './zato-odb.js';

// A same-engine restore into PostgreSQL/MariaDB writes its DDL from the schema description: the
// foreign keys keep their names (Zato's fk_sso_linked_base_id), and a hostile name stays one
// quoted identifier.
const SERVERS = serverKinds().map((k) => (k === 'mariadb' ? 'mysql' : 'postgresql') as 'mysql' | 'postgresql');
const server = useServers({ users: 3, attrsPerUser: 1 });

/** Quotes, backticks, a semicolon and a comment: any of them unquoted would end the identifier. */
const HOSTILE = 'fk`"; DROP TABLE canary; --';

const FK_NAMES = {
  postgresql: `SELECT c.conname AS name FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid IN ('zato_sso_linked_auth'::regclass, 'zato_sso_attr'::regclass) ORDER BY 1`,
  mysql: `SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME IN ('zato_sso_linked_auth', 'zato_sso_attr') ORDER BY 1`,
};

const names = async (s: TestServer) =>
  ((await run(s, [FK_NAMES[s.engine as 'mysql' | 'postgresql']]))[0] as { name: string }[]).map((r) => r.name);

describe.each(SERVERS)('foreign key names (%s → same engine)', (engine) => {
  test('fk_sso_linked_base_id and a hostile name survive a round trip by name; nothing else runs', async () => {
    const q = engine === 'mysql' ? (n: string) => `\`${n.replaceAll('`', '``')}\`` : (n: string) => `"${n.replaceAll('"', '""')}"`;
    const bool = engine === 'mysql' ? 'BOOL' : 'BOOLEAN';
    const src = await server(engine, true);
    await run(src, [
      ...ZATO_ODB(bool),
      'UPDATE zato_sso_linked_auth SET auth_id = 1',
      `ALTER TABLE zato_sso_attr ADD CONSTRAINT ${q(HOSTILE)} FOREIGN KEY (user_id) REFERENCES zato_sso_user (user_id) ON DELETE CASCADE`,
    ]);
    const before = await names(src);
    expect(before).toEqual(expect.arrayContaining(['fk_sso_linked_base_id', HOSTILE]));
    const file = join(src.dir, '..', `fk-names-${engine}.bundle`);
    await backup(src.dir, file);

    const dst = await server(engine);
    await run(dst, [ZATO_ODB(bool)[0] as string, ZATO_ODB(bool)[1] as string, 'CREATE TABLE canary (id INTEGER)']);
    await restore(file, dst.dir, { keyAction: 'write' });
    const after = await names(dst);
    expect(after).toEqual(expect.arrayContaining(['fk_sso_linked_base_id', HOSTILE]));
    expect(after).toHaveLength(before.length);
    expect(await run(dst, ['SELECT COUNT(*) AS n FROM canary'])).toEqual([[{ n: engine === 'mysql' ? 0 : '0' }]]);
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    // the named key still cascades
    await run(dst, ['DELETE FROM sec_base WHERE id = 1']);
    expect((await dumpServer(dst)).zato_sso_linked_auth).toEqual([]);
  }, 600_000);
});

describe('foreign key names (mysql): a failure after the swap', () => {
  const maybe = SERVERS.includes('mysql') ? test : test.skip;
  maybe(
    'says the rows were restored and committed, and not to restore again',
    async () => {
      const src = await server('mysql', true);
      await run(src, [...ZATO_ODB('BOOL'), 'UPDATE zato_sso_linked_auth SET auth_id = 1']);
      const file = join(src.dir, '..', 'fk-names-taken.bundle');
      await backup(src.dir, file);

      // Another table of the target already holds the name (InnoDB's foreign key names are unique per
      // database), so giving it back after the swap fails — after the restored rows are committed.
      const dst = await server('mysql');
      await run(dst, [
        ZATO_ODB('BOOL')[0] as string,
        ZATO_ODB('BOOL')[1] as string,
        'CREATE TABLE other_parent (id INTEGER PRIMARY KEY)',
        'CREATE TABLE other_child (pid INTEGER, CONSTRAINT fk_sso_linked_base_id FOREIGN KEY (pid) REFERENCES other_parent (id))',
      ]);
      await expect(restore(file, dst.dir, { keyAction: 'write' })).rejects.toMatchObject({
        code: 'BACKEND',
        message: expect.stringContaining('restored and committed'),
      });
      expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    },
    600_000,
  );
});
