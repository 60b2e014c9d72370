import type { OocdConfig } from '@authstate/oocd-core';
import { Kysely } from 'kysely';
import { DIALECTS, readSqlSettings } from '../../src/index.js';
import type { OocdDatabase } from '../../src/table.js';

/** A Kysely instance on a backend config's database, as its data user (for seeding and inspecting). */
export function rawDb(config: OocdConfig): { db: Kysely<OocdDatabase>; keyParam: (k: string) => unknown } {
  const s = readSqlSettings(config);
  const ops = DIALECTS[s.url.dialect];
  return { db: new Kysely<OocdDatabase>({ dialect: ops.connect(s.url, s.data, { max: 2 }) }), keyParam: ops.keyParam };
}

/** Inserts `n` rows under `branch` expiring at `expiresAt`, 500 per statement. */
export async function seedRows(config: OocdConfig, branch: string, n: number, expiresAt: Date): Promise<void> {
  const { db, keyParam } = rawDb(config);
  try {
    for (let i = 0; i < n; i += 500) {
      const rows = Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
        entry_key: keyParam(`${branch}/k${i + j}`) as string,
        entry_value: 'v',
        metadata: '{}',
        expires_at: expiresAt.getTime(),
      }));
      await db.insertInto(readSqlSettings(config).table).values(rows).execute();
    }
  } finally {
    await db.destroy();
  }
}
