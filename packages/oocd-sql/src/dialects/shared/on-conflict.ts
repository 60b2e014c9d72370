import type { Kysely, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import { prepare } from '../../prepared.js';
import type { ReapParams, RowParams } from '../../statement-params.js';
import type { OocdDatabase, OocdTable } from '../../table.js';
import { insertRow } from './insert-row.js';

// The statements SQLite and PostgreSQL share: both have INSERT … ON CONFLICT … DO UPDATE … WHERE
// and DELETE … WHERE key IN (SELECT … LIMIT n).

const replaceAll = {
  entry_value: sql<string>`excluded.entry_value`,
  metadata: sql<string>`excluded.metadata`,
  expires_at: sql<number>`excluded.expires_at`,
};

/** `INSERT … ON CONFLICT (entry_key) DO UPDATE SET <all columns>`. */
export function onConflictUpsert(db: Kysely<OocdDatabase>, table: string) {
  return prepare<RowParams>(db, (p) => insertRow(db, table, p).onConflict((oc) => oc.column('entry_key').doUpdateSet(replaceAll)));
}

/**
 * `INSERT … ON CONFLICT (entry_key) DO UPDATE SET <all columns> WHERE <table>.expires_at <= :now`:
 * one statement, atomic; an existing live row makes it write nothing (0 rows affected).
 */
export function onConflictCreate(db: Kysely<OocdDatabase>, table: string) {
  return prepare<RowParams | 'now'>(db, (p) =>
    insertRow(db, table, p).onConflict((oc) =>
      oc
        .column('entry_key')
        .doUpdateSet(replaceAll)
        .where(sql.ref(`${table}.expires_at`), '<=', p('now')),
    ),
  );
}

type KeySelect = SelectQueryBuilder<OocdDatabase, string, Pick<OocdTable, 'entry_key'>>;

/**
 * `DELETE FROM t WHERE expires_at <= :now AND entry_key IN (SELECT entry_key … LIMIT :limit)`. The
 * outer expiry test is re-checked on the row actually deleted, so a row revived by a concurrent
 * `create` after the sub-select saw it is never deleted. `lockRows` may add `FOR UPDATE SKIP LOCKED`.
 */
export function deleteExpiredBatch(db: Kysely<OocdDatabase>, table: string, lockRows: (q: KeySelect) => KeySelect = (q) => q) {
  return prepare<ReapParams>(db, (p) =>
    db
      .deleteFrom(table)
      .where('expires_at', '<=', p('now'))
      .where('entry_key', 'in', lockRows(db.selectFrom(table).select('entry_key').where('expires_at', '<=', p('now')).limit(p('limit')))),
  );
}
