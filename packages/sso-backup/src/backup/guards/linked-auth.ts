import type { Conn } from '../conn/conn.js';
import { fail } from '../errors.js';
import type { Engine, SchemaInfo, TableInfo } from '../types.js';
import type { PortableValue } from '../values/portable.js';
import { quoteFor } from './quote.js';

/** The SSO table whose rows point at Zato's (non-SSO) security definitions. */
export const LINKED_AUTH_TABLE = 'zato_sso_linked_auth';

/** Counts foreign keys from zato_sso_linked_auth.auth_id to sec_base in the connected schema. */
const FK_TO_SEC_BASE: Record<Engine, string> = {
  postgresql: `SELECT COUNT(*) AS n FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    WHERE c.contype = 'f' AND t.relname = '${LINKED_AUTH_TABLE}' AND r.relname = 'sec_base' AND t.relnamespace = current_schema()::regnamespace`,
  mysql: `SELECT COUNT(*) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS
    WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = '${LINKED_AUTH_TABLE}' AND REFERENCED_TABLE_NAME = 'sec_base'`,
  sqlite: `SELECT COUNT(*) AS n FROM pragma_foreign_key_list('${LINKED_AUTH_TABLE}') WHERE "table" = 'sec_base'`,
};

/**
 * When the target is a full Zato ODB — it has `sec_base` and the foreign key
 * `fk_sso_linked_base_id` (`zato_sso_linked_auth.auth_id` → `sec_base.id`, found by what it
 * references, whatever its name) — the ids of its `sec_base` rows; otherwise undefined (no check).
 */
export async function secBaseIdsIfLinked(conn: Conn): Promise<Set<string> | undefined> {
  const [fk] = await conn.query(FK_TO_SEC_BASE[conn.engine]);
  if (Number(fk?.n ?? 0) === 0) return undefined;
  const rows = await conn.query(`SELECT id FROM ${quoteFor(conn.engine)('sec_base')}`);
  return new Set(rows.map((r) => String(r.id)));
}

/** How each server engine adds Zato's foreign key back (SQLite's Zato schema has none). */
const ADD_FK: Partial<Record<Engine, { sql: string; where: 'postSql' | 'fkSql' }>> = {
  postgresql: {
    sql: `ALTER TABLE ONLY "${LINKED_AUTH_TABLE}" ADD CONSTRAINT "fk_sso_linked_base_id" FOREIGN KEY ("auth_id") REFERENCES "sec_base" ("id") ON DELETE CASCADE`,
    where: 'fkSql',
  },
  mysql: {
    sql: `ALTER TABLE \`${LINKED_AUTH_TABLE}\` ADD CONSTRAINT \`fk_sso_linked_base_id\` FOREIGN KEY (\`auth_id\`) REFERENCES \`sec_base\` (\`id\`) ON DELETE CASCADE`,
    where: 'postSql',
  },
};

/**
 * The schema to load with the target's `fk_sso_linked_base_id` kept: a backup from another engine
 * (or from a database without sec_base) does not carry it, and replacing the table would drop it.
 */
export function keepLinkedAuthFk(schema: SchemaInfo): SchemaInfo {
  const add = ADD_FK[schema.engine];
  if (!add) return schema;
  return {
    ...schema,
    tables: schema.tables.map((t) =>
      t.name !== LINKED_AUTH_TABLE || t.foreignKeys.some((fk) => fk.refTable === 'sec_base')
        ? t
        : { ...t, [add.where]: [...t[add.where], add.sql] },
    ),
  };
}

/** A restored linked-auth row whose `auth_id` has no `sec_base` row in the target. */
export interface DanglingLinkedAuth {
  id: string;
  userId: string;
  authId: string;
}

/**
 * Finds the restored `zato_sso_linked_auth` rows whose `auth_id` points at nothing in the target
 * (sec_base ids differ between clusters) as they stream in: with `skip` they are left out and
 * reported; without it {@link LinkedAuthFilter.finish} refuses (NOT_FOUND) with the list, which
 * rolls the whole restore back — nothing changes.
 */
export class LinkedAuthFilter {
  readonly dangling: DanglingLinkedAuth[] = [];
  readonly #ids: ReadonlySet<string>;
  readonly #skip: boolean;

  constructor(secBaseIds: ReadonlySet<string>, skip: boolean) {
    this.#ids = secBaseIds;
    this.#skip = skip;
  }

  /** The rows of `batch` to insert (all of them for other tables). */
  apply(table: TableInfo, batch: PortableValue[][]): PortableValue[][] {
    if (table.name !== LINKED_AUTH_TABLE) return batch;
    const col = (name: string) => table.columns.findIndex((c) => c.name === name);
    const [auth, id, user] = [col('auth_id'), col('id'), col('user_id')];
    if (auth < 0) return batch;
    return batch.filter((row) => {
      const v = row[auth];
      if (v === null || v === undefined || this.#ids.has(scalar(v))) return true;
      this.dangling.push({ id: scalar(row[id] ?? null), userId: scalar(row[user] ?? null), authId: scalar(v) });
      return false;
    });
  }

  /** Refuses when rows point at nothing and `skip` was not given. */
  finish(): void {
    if (this.dangling.length === 0 || this.#skip) return;
    const shown = this.dangling.slice(0, 20).map((d) => `id ${d.id} (user ${d.userId}, auth_id ${d.authId})`);
    const more = this.dangling.length > shown.length ? `, and ${this.dangling.length - shown.length} more` : '';
    throw fail(
      'NOT_FOUND',
      `${this.dangling.length} ${LINKED_AUTH_TABLE} row(s) of the backup point at sec_base ids this server does not have (foreign key fk_sso_linked_base_id): ${shown.join(', ')}${more}. Security definitions have other ids in another cluster: create them first, or restore with skip-linked-auth (--skip-linked-auth) to leave these rows out. Nothing was changed.`,
    );
  }
}

function scalar(v: PortableValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'object') return 'i' in v ? v.i : 'f' in v ? String(v.f) : Buffer.from(v.b, 'base64').toString('utf8');
  return String(v);
}
