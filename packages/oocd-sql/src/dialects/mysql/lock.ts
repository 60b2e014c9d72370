import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ReaperHooks } from '../parts/reaper-hooks.js';

/** MariaDB lock names are limited to 64 characters: long ones are hashed. */
export function mysqlLockName(name: string): string {
  return name.length <= 64 ? name : `authstate-${createHash('sha256').update(name).digest('hex').slice(0, 48)}`;
}

/** The cluster-wide reaper lock: `GET_LOCK(name, 0)` on one connection, so one process of a cluster reaps at a time. */
export const withNamedLock: ReaperHooks['withLock'] = (db, name, work) =>
  db.connection().execute(async (conn) => {
    const lock = mysqlLockName(name);
    const { rows } = await sql<{ got: number | null }>`SELECT GET_LOCK(${lock}, 0) AS got`.execute(conn);
    if (Number(rows[0]?.got) !== 1) return undefined;
    try {
      return await work(conn);
    } finally {
      await sql`SELECT RELEASE_LOCK(${lock})`.execute(conn);
    }
  });
