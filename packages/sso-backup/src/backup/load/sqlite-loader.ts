import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { Conn } from '../conn/conn.js';
import { SqliteConn } from '../conn/sqlite-conn.js';
import { fail } from '../errors.js';
import type { Loader } from './loader.js';

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
      let insert: ((...p: unknown[]) => unknown) | undefined;
      await feed(async (table, batch) => {
        if (table.name !== current) {
          current = table.name;
          const stmt = h.prepare(
            `INSERT INTO ${quoteIdent(table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
          );
          insert = (...p) => stmt.run(...p);
        }
        const cols = table.columns;
        for (const row of batch) {
          const params = new Array<unknown>(cols.length);
          for (let i = 0; i < cols.length; i++) params[i] = convert(row[i] ?? null, cols[i] as (typeof cols)[number], table.name);
          (insert as (...p: unknown[]) => unknown)(...params);
        }
      });
      for (const t of schema.tables) for (const s of t.postSql) h.exec(s);
    });
  } finally {
    h.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
  }
};
