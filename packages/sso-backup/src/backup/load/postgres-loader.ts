import { ByteBuilder } from '../bundle/byte-builder.js';
import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { CopyIn } from '../conn/postgres-conn.js';
import { PostgresConn } from '../conn/postgres-conn.js';
import { fail } from '../errors.js';
import type { TableInfo } from '../types.js';
import { copyField } from '../values/copy-text.js';
import { type Loader, RowsLoadError } from './loader.js';

/** Bytes of COPY data sent per write. */
const COPY_CHUNK = 1024 * 1024;

/**
 * PostgreSQL: one transaction (DDL is transactional): drop the SSO tables children first, create
 * the sequences that are missing and the tables, stream the rows with `COPY … FROM STDIN` (one
 * per table), add constraints and indexes, then foreign keys, then set every sequence to max(id).
 */
export const postgresLoader: Loader = async (conn, schema, convert, feed) => {
  await conn.transaction(async (tx) => {
    if (!(tx instanceof PostgresConn)) throw fail('INVALID_ARGUMENT', 'The PostgreSQL loader needs a PostgreSQL connection.');
    for (const t of [...schema.tables].reverse()) await tx.query(`DROP TABLE IF EXISTS ${quoteIdent(t.name)}`);
    for (const s of schema.sequences) await tx.query(`CREATE SEQUENCE IF NOT EXISTS ${quoteIdent(s.name)}`);
    for (const t of schema.tables) await tx.query(t.createSql);
    type Open = { table: string; copy: CopyIn };
    let open: Open | undefined;
    const out = new ByteBuilder();
    const start = (table: TableInfo): CopyIn =>
      tx.copyIn(`COPY ${quoteIdent(table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM STDIN`);
    const finish = async (o: Open) => {
      try {
        if (out.length > 0) await o.copy.write(out.take());
        await o.copy.end();
      } catch (e) {
        throw new RowsLoadError(o.table, e);
      }
    };
    try {
      await feed(async (table, batch) => {
        if (open?.table !== table.name) {
          if (open) await finish(open);
          open = { table: table.name, copy: start(table) };
        }
        const cols = table.columns;
        for (const row of batch) {
          let line = '';
          for (let i = 0; i < cols.length; i++) {
            const f = copyField(convert(row[i] ?? null, cols[i] as (typeof cols)[number], table.name));
            line += i > 0 ? `\t${f}` : f;
          }
          out.append(`${line}\n`);
        }
        if (out.length >= COPY_CHUNK) {
          const o = open;
          await o.copy.write(out.take()).catch((e: unknown) => Promise.reject(new RowsLoadError(o.table, e)));
        }
      });
      if (open) await finish(open);
      open = undefined;
    } catch (e) {
      // Cancel a COPY still open (CopyFail) so the connection can roll back.
      await (open as Open | undefined)?.copy.abort(e as Error);
      throw e;
    }
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
