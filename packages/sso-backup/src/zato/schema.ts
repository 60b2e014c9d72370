import type { ZatoDatabase } from './database.js';
import { ZATO_SSO_DDL_MYSQL } from './ddl/mysql.js';
import { ZATO_SSO_DDL_POSTGRESQL } from './ddl/postgresql.js';
import { ZATO_SSO_DDL_SQLITE } from './ddl/sqlite.js';
import type { ZatoEngine } from './engine.js';
import { loadKysely } from './kysely.js';

const DDL: Record<ZatoEngine, string> = { sqlite: ZATO_SSO_DDL_SQLITE, postgresql: ZATO_SSO_DDL_POSTGRESQL, mysql: ZATO_SSO_DDL_MYSQL };

/**
 * The Zato 3.2 SSO DDL of an engine as separate statements (comments removed): the seven tables
 * with their indexes and constraints, and on PostgreSQL first the seven id sequences.
 *
 * The MySQL/MariaDB reference DDL has no foreign key from `zato_sso_linked_auth.auth_id` to
 * `sec_base` (FACTS mentions one in Zato's models), so no `sec_base` table is needed; it runs on
 * MariaDB 10.11 as is.
 *
 * @example
 * ```ts
 * for (const stmt of zatoSsoDdl('postgresql')) console.log(`${stmt};`);
 * ```
 */
export function zatoSsoDdl(engine: ZatoEngine): string[] {
  return DDL[engine]
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Creates the Zato SSO schema (tables, indexes, PostgreSQL sequences) in an empty database. */
export async function createZatoSsoSchema(zdb: ZatoDatabase): Promise<void> {
  const { sql } = await loadKysely();
  for (const statement of zatoSsoDdl(zdb.engine)) await sql.raw(statement).execute(zdb.db);
}

/** Whether the database already has the SSO user table (so the schema was created). */
export async function hasZatoSsoSchema(zdb: ZatoDatabase): Promise<boolean> {
  const tables = await zdb.db.introspection.getTables();
  return tables.some((t) => t.name === 'zato_sso_user');
}
