import type Database from 'better-sqlite3';
import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { Conn } from '../conn/conn.js';
import { SqliteConn } from '../conn/sqlite-conn.js';
import { fail } from '../errors.js';
import type { Loader } from './loader.js';

/** Rows per multi-row INSERT, at most (fewer for wide tables: SQLite allows 32766 parameters). */
const MAX_ROWS_PER_INSERT = 64;

/**
 * SQLite: one `BEGIN IMMEDIATE` transaction with foreign keys off (as `sqlite3 .dump` output
 * loads): drop the SSO tables children first, create them, insert the rows, create the indexes.
 */
export const sqliteLoader: Loader = async (conn: Conn, schema, convert, feed) => {
  if (!(conn instanceof SqliteConn)) throw fail('INVALID_ARGUMENT', 'The SQLite loader needs a SQLite connection.');
  const h = conn.handle;
  const fk = h.pragma('foreign_keys', { simple: true }) as number;
  h.pragma('foreign_keys = OFF');
  try {
    await conn.transaction(async () => {
      for (const t of [...schema.tables].reverse()) h.exec(`DROP TABLE IF EXISTS ${quoteIdent(t.name)}`);
      for (const t of schema.tables) h.exec(t.createSql);
      let current = '';
      let many: Database.Statement | undefined;
      let one: Database.Statement | undefined;
      await feed(async (table, batch) => {
        const cols = table.columns;
        const perInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(32766 / Math.max(1, cols.length))));
        if (table.name !== current) {
          current = table.name;
          const head = `INSERT INTO ${quoteIdent(table.name)} (${cols.map((c) => quoteIdent(c.name)).join(', ')}) VALUES `;
          const tuple = `(${cols.map(() => '?').join(', ')})`;
          many = h.prepare(head + new Array(perInsert).fill(tuple).join(', '));
          one = h.prepare(head + tuple);
        }
        // Multi-row INSERTs, parameters bound from one array: far fewer calls into SQLite per row.
        const n = cols.length;
        let r = 0;
        for (; r + perInsert <= batch.length; r += perInsert) {
          const params = new Array<unknown>(perInsert * n);
          for (let k = 0; k < perInsert; k++) {
            const row = batch[r + k] as (typeof batch)[number];
            for (let i = 0; i < n; i++) params[k * n + i] = convert(row[i] ?? null, cols[i] as (typeof cols)[number], table.name);
          }
          (many as Database.Statement).run(params);
        }
        for (; r < batch.length; r++) {
          const row = batch[r] as (typeof batch)[number];
          const params = new Array<unknown>(n);
          for (let i = 0; i < n; i++) params[i] = convert(row[i] ?? null, cols[i] as (typeof cols)[number], table.name);
          (one as Database.Statement).run(params);
        }
      });
      for (const t of schema.tables) for (const s of t.postSql) h.exec(s);
    });
  } finally {
    h.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
  }
};
