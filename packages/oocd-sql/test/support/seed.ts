import type { OocdConfig } from '@authstate/oocd-core';
import { Kysely } from 'kysely';
import { DIALECTS } from '../../src/dialects/index.js';
import { readSqlSettings } from '../../src/options.js';
import type { OocdDatabase } from '../../src/table.js';

/** A Kysely instance on a backend config's database, as its data user (for seeding and inspecting). */
export async function rawDb(config: OocdConfig): Promise<{ db: Kysely<OocdDatabase>; keyParam: (k: string) => unknown }> {
  const s = readSqlSettings(config);
  const ops = DIALECTS[s.url.dialect];
  const { dialect } = await ops.connector.connect(s.url, s.data, { max: 2 });
  return { db: new Kysely<OocdDatabase>({ dialect }), keyParam: ops.keys.keyParam };
}

/** Inserts `n` rows under `branch` (`<branch>/k0` …) expiring at `expiresAt`, 500 per statement. */
export async function seedRows(config: OocdConfig, branch: string, n: number, expiresAt: Date): Promise<void> {
  await insertKeys(
    config,
    Array.from({ length: n }, (_, i) => `${branch}/k${i}`),
    expiresAt,
  );
}

/** Inserts a row (value `v`, no metadata) for each key, expiring at `expiresAt`, 500 per statement. */
export async function insertKeys(config: OocdConfig, keys: readonly string[], expiresAt: Date): Promise<void> {
  const { db, keyParam } = await rawDb(config);
  try {
    for (let i = 0; i < keys.length; i += 500) {
      const rows = keys.slice(i, i + 500).map((key) => ({
        entry_key: keyParam(key) as string,
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
