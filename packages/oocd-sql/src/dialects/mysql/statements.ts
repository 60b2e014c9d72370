import { sql } from 'kysely';
import { prepare } from '../../prepared.js';
import type { ReapParams, RowParams } from '../../statement-params.js';
import { seekLoopChildKeys } from '../../walk.js';
import type { DialectStatements } from '../parts/dialect-statements.js';
import { insertRow } from '../shared/insert-row.js';

const COLUMNS = ['entry_value', 'metadata', 'expires_at'] as const;

/**
 * `INSERT … ON DUPLICATE KEY UPDATE` for `set`, and with `IF(expired, new, old)` for `create`
 * (affected rows: 1 inserted, 2 replaced an expired row, 0 left a live row alone; the pool turns
 * FOUND_ROWS off); `DELETE … LIMIT n` for the reaper; the child walk as one seek per step.
 */
export const mysqlStatements: DialectStatements = {
  upsert: (db, table) =>
    prepare<RowParams>(db, (p) =>
      insertRow(db, table, p).onDuplicateKeyUpdate(Object.fromEntries(COLUMNS.map((c) => [c, sql.raw(`VALUES(\`${c}\`)`)]))),
    ),
  // expires_at is assigned last: MariaDB evaluates the assignments in order, and the IF()s
  // before it must still see the old expiry.
  createIfAbsent: (db, table) =>
    prepare<RowParams | 'now'>(db, (p) =>
      insertRow(db, table, p).onDuplicateKeyUpdate(
        Object.fromEntries(COLUMNS.map((c) => [c, sql`IF(\`expires_at\` <= ${p('now')}, VALUES(${sql.ref(c)}), ${sql.ref(c)})`])),
      ),
    ),
  reapBatch: (db, table) => prepare<ReapParams>(db, (p) => db.deleteFrom(table).where('expires_at', '<=', p('now')).limit(p('limit'))),
  childKeys: seekLoopChildKeys,
};
