import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { Loader } from './loader.js';

/** Bound parameters per INSERT statement (PostgreSQL allows 65535). */
const MAX_PARAMS = 60000;

/**
 * PostgreSQL: one transaction (DDL is transactional): drop the SSO tables children first, create
 * the sequences that are missing and the tables, insert the rows (multi-row INSERTs), add
 * constraints and indexes, then foreign keys, then set every sequence to max(id).
 */
export const postgresLoader: Loader = async (conn, schema, convert, feed) => {
  await conn.transaction(async (tx) => {
    for (const t of [...schema.tables].reverse()) await tx.query(`DROP TABLE IF EXISTS ${quoteIdent(t.name)}`);
    for (const s of schema.sequences) await tx.query(`CREATE SEQUENCE IF NOT EXISTS ${quoteIdent(s.name)}`);
    for (const t of schema.tables) await tx.query(t.createSql);
    await feed(async (table, batch) => {
      const cols = table.columns;
      const perStmt = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
      const head = `INSERT INTO ${quoteIdent(table.name)} (${cols.map((c) => quoteIdent(c.name)).join(', ')}) VALUES `;
      for (let start = 0; start < batch.length; start += perStmt) {
        const rows = batch.slice(start, start + perStmt);
        const params: unknown[] = [];
        const tuples = rows.map((row) => {
          const ph = cols.map((c, i) => {
            params.push(convert(row[i] ?? null, c, table.name));
            return `$${params.length}`;
          });
          return `(${ph.join(', ')})`;
        });
        await tx.query(head + tuples.join(', '), params);
      }
    });
    for (const t of schema.tables) for (const s of t.postSql) await tx.query(s);
    for (const t of schema.tables) for (const s of t.fkSql) await tx.query(s);
    for (const s of schema.sequences) {
      if (!s.table || !s.column) continue;
      await tx.query(
        `SELECT setval($1, GREATEST(COALESCE((SELECT max(${quoteIdent(s.column)}) FROM ${quoteIdent(s.table)}), 0), $2::bigint, 1), COALESCE((SELECT max(${quoteIdent(s.column)}) FROM ${quoteIdent(s.table)}), 0) > 0 OR $2::bigint > 0)`,
        [quoteIdent(s.name), s.lastValue ?? 0],
      );
    }
  });
};
