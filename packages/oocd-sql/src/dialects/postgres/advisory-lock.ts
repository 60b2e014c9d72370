import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ReaperHooks } from '../parts/reaper-hooks.js';

/** Two int4 keys for `pg_try_advisory_lock(int, int)`, derived from the lock name. */
export function advisoryLockKeys(name: string): [number, number] {
  const h = createHash('sha256').update(name).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
}

/** The cluster-wide reaper lock: a session advisory lock, tried without waiting. */
export const withAdvisoryLock: ReaperHooks['withLock'] = (db, name, work) =>
  db.connection().execute(async (conn) => {
    const [a, b] = advisoryLockKeys(name);
    const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_lock(${a}, ${b}) AS got`.execute(conn);
    if (!rows[0]?.got) return undefined;
    try {
      return await work(conn);
    } finally {
      await sql`SELECT pg_advisory_unlock(${a}, ${b})`.execute(conn);
    }
  });
