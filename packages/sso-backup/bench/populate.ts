import { join } from 'node:path';
import { SecretsConf, ssoKeyOf } from '@authstate/secrets-conf';
import { populateFixtures } from '@authstate/test-support/zato';
import Database from 'better-sqlite3';
import { initServer, openZatoDatabase } from '../src/zato/index.js';

/**
 * A SQLite Zato server with Zato-like fixtures plus `rows` extra zato_sso_attr rows (text dates,
 * JSON values, a quarter of them Fernet-encrypted), inserted directly for speed.
 */
export async function populateServer(dir: string, rows: number): Promise<void> {
  await initServer(dir, { rounds: 1000 });
  const { key } = await ssoKeyOf(await SecretsConf.read(join(dir, 'config/repo/secrets.conf')));
  const zdb = await openZatoDatabase({ serverDir: dir });
  const summary = await populateFixtures(zdb, key, { users: 20, attrsPerUser: 2, rounds: 1000 }).finally(() => zdb.close());
  const db = new Database(join(dir, 'zato.db'));
  const maxId = (db.prepare('SELECT max(id) AS m FROM zato_sso_attr').get() as { m: number }).m;
  const encrypted = (
    db.prepare(`SELECT value FROM zato_sso_attr WHERE is_encrypted = 1 AND value IS NOT NULL LIMIT 1`).get() as { value: string }
  ).value;
  const users = summary.users.map((u) => u.userId);
  const ins = db.prepare(
    `INSERT INTO zato_sso_attr (id, creation_time, last_modified, expiration_time, is_session_attr, is_encrypted, serial_method, name, value, _ust_string, opaque1, user_id, ust) VALUES (?, ?, ?, ?, 0, ?, 'json', ?, ?, '_zato', NULL, ?, NULL)`,
  );
  db.transaction(() => {
    for (let i = 1; i <= rows; i++) {
      const enc = i % 4 === 0;
      const t = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('T', ' ').replace('Z', '000');
      ins.run(
        maxId + i,
        t,
        i % 3 === 0 ? t : null,
        i % 5 === 0 ? t : null,
        enc ? 1 : 0,
        `bench.${i}`,
        enc ? encrypted : JSON.stringify({ n: i, s: `value ${i} ☃` }),
        users[i % users.length],
      );
    }
  })();
  db.close();
}
