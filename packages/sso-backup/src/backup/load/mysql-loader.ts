import { createHash } from 'node:crypto';
import { describeCause } from '@authstate/oocd-core';
import { quoteMysql } from '../catalog/mysql-catalog.js';
import type { Conn } from '../conn/conn.js';
import { fail } from '../errors.js';
import type { ForeignKeyInfo, TableInfo } from '../types.js';
import type { Loader } from './loader.js';

/** Rows per INSERT statement. */
const ROWS_PER_INSERT = 500;

const staging = (name: string) => `${name}__rs`;
const retired = (name: string) => `${name}__old`;

/**
 * A staging name for a foreign key (InnoDB's foreign key names are unique per database, and the
 * old tables still hold the real ones until the swap): derived from the real name, renamed back
 * by {@link nameForeignKeys}.
 */
const stagingFk = (name: string) => `rs_${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;

/**
 * Rewrites DDL (SHOW CREATE TABLE text or translated) to create the staging copy of a table:
 * the table and the SSO tables it references get their staging names; a foreign key named in
 * `fkNames` gets its staging name, others lose their name so InnoDB names them after the staging
 * table (and renames them with it).
 */
export function stagingDdl(sql: string, names: ReadonlySet<string>, fkNames: ReadonlySet<string> = new Set()): string {
  return sql
    .replace(/CONSTRAINT\s+`((?:[^`]|``)+)`\s+FOREIGN KEY/gi, (_, n: string) => {
      const name = n.replaceAll('``', '`');
      return fkNames.has(name) ? `CONSTRAINT ${quoteMysql(stagingFk(name))} FOREIGN KEY` : 'FOREIGN KEY';
    })
    .replace(/`((?:[^`]|``)+)`/g, (whole, n: string) => (names.has(n) ? quoteMysql(staging(n)) : whole));
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
          const fkNames = new Set(t.foreignKeys.flatMap((fk) => (fk.name === undefined ? [] : [fk.name])));
          await c.query(stagingDdl(t.createSql, names, fkNames));
          for (const s of t.postSql) await c.query(stagingDdl(s, names, fkNames));
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
      // The swap has committed the restored rows: a failure from here on must not read as "nothing
      // was restored" (a retry with --force would replace good data) but say what is left to do.
      try {
        await dropAll(retired);
        await nameForeignKeys(c, schema.tables);
      } catch (e) {
        throw fail(
          'BACKEND',
          `The SSO tables were restored and committed, but tidying up after the swap failed (${describeCause(e)}). ` +
            'Do not restore again: drop any leftover `…__old` tables and, if the foreign keys should keep their source names, ' +
            'rename the `rs_…` foreign keys of the SSO tables by hand.',
          e,
        );
      }
    } finally {
      await c.query(`SET FOREIGN_KEY_CHECKS=${Number(old[0]?.fk ?? 1) ? 1 : 0}`);
    }
  });
};

/**
 * Gives the swapped-in tables' foreign keys their source names back (see {@link stagingFk}):
 * each is dropped and added again under its name, with FOREIGN_KEY_CHECKS=0 (in place: no rows
 * checked or copied). Names are quoted identifiers, whatever they hold.
 */
async function nameForeignKeys(c: Conn, tables: readonly TableInfo[]): Promise<void> {
  const q = quoteMysql;
  for (const t of tables) {
    const fks = t.foreignKeys.filter((fk): fk is ForeignKeyInfo & { name: string } => fk.name !== undefined);
    if (fks.length === 0) continue;
    await c.query(
      `ALTER TABLE ${q(t.name)} ${fks.map((fk) => `DROP FOREIGN KEY ${q(stagingFk(fk.name))}`).join(', ')}, ` +
        fks
          .map(
            (fk) =>
              `ADD CONSTRAINT ${q(fk.name)} FOREIGN KEY (${fk.columns.map(q).join(', ')}) ` +
              `REFERENCES ${q(fk.refTable)} (${fk.refColumns.map(q).join(', ')})${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}`,
          )
          .join(', '),
    );
  }
}

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
