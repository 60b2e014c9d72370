import { quoteMysql } from '../catalog/mysql-catalog.js';
import type { Conn } from '../conn/conn.js';
import type { TableInfo } from '../types.js';
import type { Loader } from './loader.js';

/** Rows per INSERT statement. */
const ROWS_PER_INSERT = 500;

const staging = (name: string) => `${name}__rs`;
const retired = (name: string) => `${name}__old`;

/**
 * Rewrites DDL (SHOW CREATE TABLE text or translated) to create the staging copy of a table:
 * the table and the SSO tables it references get their staging names; foreign key names are
 * dropped so InnoDB names them after the staging table (and renames them with it).
 */
export function stagingDdl(sql: string, names: ReadonlySet<string>): string {
  return sql
    .replace(/`((?:[^`]|``)+)`/g, (whole, n: string) => (names.has(n) ? quoteMysql(staging(n)) : whole))
    .replace(/CONSTRAINT\s+`(?:[^`]|``)+`\s+FOREIGN KEY/gi, 'FOREIGN KEY');
}

/**
 * MySQL/MariaDB: DDL commits implicitly, so the new tables are built and filled as staging copies
 * (`<name>__rs`, rows in one transaction), then swapped in with ONE atomic `RENAME TABLE` of every
 * pair; the old tables are dropped afterwards. Any failure before the swap drops the staging
 * tables: the SSO tables are never touched.
 */
export const mysqlLoader: Loader = async (conn, schema, convert, feed) => {
  await conn.pinned(async (c) => {
    const names = new Set(schema.tables.map((t) => t.name));
    const old = (await c.query('SELECT @@FOREIGN_KEY_CHECKS AS fk')) as { fk: number | string }[];
    await c.query('SET FOREIGN_KEY_CHECKS=0');
    const dropAll = async (nameOf: (n: string) => string) => {
      for (const t of [...schema.tables].reverse()) await c.query(`DROP TABLE IF EXISTS ${quoteMysql(nameOf(t.name))}`);
    };
    try {
      await dropAll(staging);
      await dropAll(retired);
      try {
        for (const t of schema.tables) {
          await c.query(stagingDdl(t.createSql, names));
          for (const s of t.postSql) await c.query(stagingDdl(s, names));
        }
        await c.query('START TRANSACTION');
        try {
          await feed((table, batch) => insertRows(c, table, batch, convert));
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK');
          throw e;
        }
        const existing = new Set(
          ((await c.query(`SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`)) as { n: string }[]).map(
            (r) => r.n,
          ),
        );
        const pairs = schema.tables.flatMap((t) => [
          ...(existing.has(t.name) ? [`${quoteMysql(t.name)} TO ${quoteMysql(retired(t.name))}`] : []),
          `${quoteMysql(staging(t.name))} TO ${quoteMysql(t.name)}`,
        ]);
        await c.query(`RENAME TABLE ${pairs.join(', ')}`);
      } catch (e) {
        await dropAll(staging);
        throw e;
      }
      await dropAll(retired);
    } finally {
      await c.query(`SET FOREIGN_KEY_CHECKS=${Number(old[0]?.fk ?? 1) ? 1 : 0}`);
    }
  });
};

async function insertRows(
  c: Conn,
  table: TableInfo,
  batch: readonly (readonly unknown[])[],
  convert: Parameters<Loader>[2],
): Promise<void> {
  const cols = table.columns;
  const head = `INSERT INTO ${quoteMysql(staging(table.name))} (${cols.map((x) => quoteMysql(x.name)).join(', ')}) VALUES `;
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  for (let start = 0; start < batch.length; start += ROWS_PER_INSERT) {
    const rows = batch.slice(start, start + ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const row of rows)
      for (let i = 0; i < cols.length; i++) params.push(convert((row[i] ?? null) as never, cols[i] as (typeof cols)[number], table.name));
    await c.query(head + rows.map(() => tuple).join(', '), params);
  }
}
