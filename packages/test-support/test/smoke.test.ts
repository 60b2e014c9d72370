// Proves the test servers really run: connects to SQLite, MariaDB and PostgreSQL through Kysely
// and round-trips a row on each.
import { afterAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import { createTestDatabase, serverKinds, type TestDatabase } from '../src/index.js';

const made: TestDatabase[] = [];
afterAll(async () => {
  for (const d of made) await d.drop();
});

interface SmokeDb {
  smoke: { id: number; name: string | null };
}

async function kyselyFor(kind: string): Promise<Kysely<SmokeDb>> {
  if (kind === 'sqlite') return new Kysely({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  const d = await createTestDatabase(kind as 'mariadb' | 'postgres', 'smoke');
  made.push(d);
  if (kind === 'mariadb') return new Kysely({ dialect: new MysqlDialect({ pool: createPool({ uri: d.url, connectionLimit: 2 }) }) });
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: d.url, max: 2 }) }) });
}

describe.each(['sqlite', ...serverKinds()])('smoke: %s through Kysely', (kind) => {
  test('creates a table, writes and reads a row, reports its version', async () => {
    const db = await kyselyFor(kind);
    try {
      await db.schema
        .createTable('smoke')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'varchar(50)')
        .execute();
      await db.insertInto('smoke').values({ id: 1, name: 'grüße' }).execute();
      expect(await db.selectFrom('smoke').selectAll().execute()).toEqual([{ id: 1, name: 'grüße' }]);
      const version = kind === 'sqlite' ? sql`select sqlite_version() as v` : sql`select version() as v`;
      const { rows } = await version.execute(db);
      expect(String((rows[0] as { v: unknown }).v)).toMatch(kind === 'mariadb' ? /MariaDB/ : /\d+\.\d+/);
    } finally {
      await db.destroy();
    }
  });
});
