import { join } from 'node:path';
import { serverKinds } from '@authstate/test-support';
import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { restore } from '../../src/backup/index.js';
import { dumpServer, useServers } from './servers.js';
import { snapshot } from './snapshot.js';
import { useSourceBundle } from './source-bundle.js';
import { run, ZATO_ODB } from './zato-odb.js';

const SERVERS = serverKinds().map((k) => (k === 'mariadb' ? 'mysql' : 'postgresql') as 'mysql' | 'postgresql');
const server = useServers({ users: 3, attrsPerUser: 1 });

const FK_COUNT = {
  postgresql: `SELECT COUNT(*)::int AS n FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid WHERE c.contype = 'f' AND c.conrelid = 'zato_sso_linked_auth'::regclass AND r.relname = 'sec_base'`,
  mysql: `SELECT COUNT(*) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'zato_sso_linked_auth' AND REFERENCED_TABLE_NAME = 'sec_base'`,
};

// The source links one user to auth_id 1 and another to auth_id 2: the target cluster has sec_base 1 and 7 only.
let dangling: { id: number; user_id: string };
const source = useSourceBundle(server, async (src) => {
  const db = new Database(join(src.dir, 'zato.db'));
  try {
    dangling = db.prepare('SELECT id, user_id FROM zato_sso_linked_auth ORDER BY id DESC LIMIT 1').get() as typeof dangling;
    db.prepare('UPDATE zato_sso_linked_auth SET auth_id = 1').run();
    db.prepare('UPDATE zato_sso_linked_auth SET auth_id = 2 WHERE id = ?').run(dangling.id);
    expect((db.prepare('SELECT COUNT(*) AS n FROM zato_sso_linked_auth').get() as { n: number }).n).toBeGreaterThan(1);
  } finally {
    db.close();
  }
});

describe.each(SERVERS)('linked auth on a full Zato ODB (%s, sec_base + fk_sso_linked_base_id)', (engine) => {
  test('rows pointing at missing sec_base ids: refused with the list (nothing changed), or left out with skipLinkedAuth; the FK stays', async () => {
    const dst = await server(engine);
    await run(dst, ZATO_ODB(engine === 'mysql' ? 'BOOL' : 'BOOLEAN'));
    const before = await snapshot(dst);
    const err = await restore(source.file, dst.dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect((err as Error).message).toMatch(
      new RegExp(`1 zato_sso_linked_auth row\\(s\\) .*id ${dangling.id} \\(user ${dangling.user_id}, auth_id 2\\).*--skip-linked-auth`),
    );
    expect(await snapshot(dst)).toEqual(before);
    expect((await run(dst, [FK_COUNT[engine]]))[0]).toEqual([{ n: 1 }]);

    const r = await restore(source.file, dst.dir, { skipLinkedAuth: true });
    expect(r.skippedLinkedAuth).toEqual([{ id: String(dangling.id), userId: dangling.user_id, authId: '2' }]);
    const rows = (await dumpServer(dst)).zato_sso_linked_auth ?? [];
    expect(r.tables.find((t) => t.name === 'zato_sso_linked_auth')?.rows).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((x) => x.auth_id)).toEqual(rows.map(() => 1));
    expect((await dumpServer(dst)).zato_sso_user).toHaveLength(source.src.users.length);
    // Zato's foreign key is still there and still cascades (a cross-engine bundle does not carry it)
    expect((await run(dst, [FK_COUNT[engine]]))[0]).toEqual([{ n: 1 }]);
    await run(dst, ['DELETE FROM sec_base WHERE id = 1']);
    expect((await dumpServer(dst)).zato_sso_linked_auth).toEqual([]);
  }, 600_000);
});
