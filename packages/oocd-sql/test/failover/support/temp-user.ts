import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { parseTestUrl } from './servers.js';

/**
 * A throw-away login with a distinctive password on the server(s) of `adminUrl`, so tests can
 * prove the password appears in no message or log line. `drop()` removes it.
 */
export async function createTempLogin(kind: 'mariadb' | 'postgres', adminUrl: string) {
  const u = parseTestUrl(adminUrl);
  const user = `fo_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const statements =
    kind === 'mariadb'
      ? [`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'`, `GRANT ALL ON *.* TO '${user}'@'127.0.0.1'`]
      : [`CREATE ROLE ${user} LOGIN SUPERUSER PASSWORD '${password}'`];
  const drop = kind === 'mariadb' ? [`DROP USER IF EXISTS '${user}'@'127.0.0.1'`] : [`DROP ROLE IF EXISTS ${user}`];
  const terminate = kind === 'mariadb' ? [] : [`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${user}'`];
  const run = async (sqls: string[], killSessions = false) => {
    for (const host of u.hosts) {
      if (kind === 'mariadb') {
        const c = await mysql.createConnection({ ...host, user: u.user, password: u.password });
        try {
          if (killSessions) {
            const [rows] = await c.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?', [user]);
            for (const { id } of rows as { id: number }[]) await c.query('KILL ?', [id]).catch(() => {}); // may have ended meanwhile
          }
          for (const s of sqls) await c.query(s);
        } finally {
          await c.end();
        }
      } else {
        const c = new pg.Client({ ...host, user: u.user, password: u.password, database: u.database });
        await c.connect();
        try {
          for (const s of sqls) await c.query(s);
        } finally {
          await c.end();
        }
      }
    }
  };
  await run(statements);
  /** Ends the login's server sessions (a test may leave a long server-side sleep behind a killed proxy). */
  const endSessions = () => run(terminate, true);
  return {
    user,
    password,
    database: u.database,
    endSessions,
    drop: async () => {
      await endSessions();
      await run(drop);
    },
  };
}
