import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { Loader } from './loader.js';

/**
 * PostgreSQL: one transaction (DDL is transactional): drop the SSO tables children first, create
 * the sequences that are missing and the tables, insert the rows (`INSERT … SELECT * FROM unnest($1::type[], …)` per batch), add
 * constraints and indexes, then foreign keys, then set every sequence to max(id).
 */
export const postgresLoader: Loader = async (conn, schema, convert, feed) => {
  await conn.transaction(async (tx) => {
    for (const t of [...schema.tables].reverse()) await tx.query(`DROP TABLE IF EXISTS ${quoteIdent(t.name)}`);
    for (const s of schema.sequences) await tx.query(`CREATE SEQUENCE IF NOT EXISTS ${quoteIdent(s.name)}`);
    for (const t of schema.tables) await tx.query(t.createSql);
    await feed(async (table, batch) => {
      // One array parameter per column, unnested: far cheaper to parse than a VALUES list.
      const cols = table.columns;
      const arrays = cols.map(() => new Array<unknown>(batch.length));
      batch.forEach((row, r) => {
        for (let i = 0; i < cols.length; i++)
          (arrays[i] as unknown[])[r] = convert(row[i] ?? null, cols[i] as (typeof cols)[number], table.name);
      });
      const unnest = cols.map((c, i) => `$${i + 1}::${c.sqlType}[]`).join(', ');
      await tx.query(
        `INSERT INTO ${quoteIdent(table.name)} (${cols.map((c) => quoteIdent(c.name)).join(', ')}) SELECT * FROM unnest(${unnest})`,
        arrays,
      );
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
