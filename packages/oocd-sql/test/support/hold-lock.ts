import type { ServerKind } from '@authstate/test-support';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { mysqlLockName } from '../../src/dialects/mysql/lock.js';
import { advisoryLockKeys } from '../../src/dialects/postgres/advisory-lock.js';

/** Takes the reaper lock `name` in a separate session, as another process of the cluster would; returns its release. */
export const holdReapLock: Record<ServerKind, (adminUrl: string, name: string) => Promise<() => Promise<void>>> = {
  async mariadb(adminUrl, name) {
    const c = await mysql.createConnection(adminUrl);
    const [rows] = await c.query('SELECT GET_LOCK(?, 0) AS got', [mysqlLockName(name)]);
    if ((rows as { got: number }[])[0]?.got !== 1) throw new Error('could not take the lock');
    // Released explicitly: closing alone frees it only when the server gets round to the quit.
    return async () => {
      await c.query('SELECT RELEASE_LOCK(?)', [mysqlLockName(name)]);
      await c.end();
    };
  },
  async postgres(adminUrl, name) {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const [a, b] = advisoryLockKeys(name);
    const { rows } = await c.query('SELECT pg_try_advisory_lock($1, $2) AS got', [a, b]);
    if (!rows[0]?.got) throw new Error('could not take the lock');
    return async () => {
      await c.query('SELECT pg_advisory_unlock($1, $2)', [a, b]);
      await c.end();
    };
  },
};
