import type { Conn } from '../conn/conn.js';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, SchemaInfo, TableInfo, ValueKind } from '../types.js';
import { dependencyOrder } from './dependency-order.js';
import { isSsoName, SSO_LIKE } from './prefix.js';

/** The logical kind of a MySQL/MariaDB `COLUMN_TYPE` (`tinyint(1)` is how `BOOL` is stored). */
export function mysqlKind(columnType: string): ValueKind {
  const t = columnType.toLowerCase();
  if (t.startsWith('tinyint(1)') || t === 'boolean' || t === 'bool') return 'bool';
  if (t.startsWith('datetime') || t.startsWith('timestamp') || t === 'date') return 'datetime';
  if (/^(tiny|small|medium|big)?int\b/.test(t) || /^(tiny|small|medium|big)?int\(/.test(t)) return 'int';
  if (/(blob|binary)/.test(t)) return 'blob';
  if (/(char|text|enum|set|json)/.test(t)) return 'text';
  return 'real';
}

/** Quotes a MySQL/MariaDB identifier. */
export function quoteMysql(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * Reads every `zato_sso_*` table of the current database from information_schema; the DDL is
 * `SHOW CREATE TABLE` (indexes, checks and foreign keys included), as mariadb-dump writes it.
 */
export async function mysqlCatalog(conn: Conn): Promise<SchemaInfo> {
  const names = (
    (await conn.query(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE ? ORDER BY TABLE_NAME`,
      [SSO_LIKE],
    )) as { name: string }[]
  )
    .map((r) => r.name)
    .filter(isSsoName);
  const tables: TableInfo[] = [];
  for (const name of names) {
    const cols = (await conn.query(
      `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, CHARACTER_MAXIMUM_LENGTH AS len, DATA_TYPE AS dataType
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [name],
    )) as { name: string; type: string; nullable: string; len: number | string | null; dataType: string }[];
    const columns: ColumnInfo[] = cols.map((c) => ({
      name: c.name,
      kind: mysqlKind(c.type),
      sqlType: c.type,
      length: c.dataType === 'varchar' || c.dataType === 'char' ? Number(c.len) : undefined,
      nullable: c.nullable === 'YES',
    }));
    const stats = (await conn.query(
      `SELECT INDEX_NAME AS idx, NON_UNIQUE AS nonUnique, COLUMN_NAME AS col FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      [name],
    )) as { idx: string; nonUnique: number | string; col: string }[];
    const byIndex = new Map<string, IndexInfo>();
    for (const s of stats) {
      const i = byIndex.get(s.idx) ?? { name: s.idx, columns: [], unique: Number(s.nonUnique) === 0, constraint: false };
      i.columns.push(s.col);
      byIndex.set(s.idx, i);
    }
    const uniqueConstraints = new Set(
      (
        (await conn.query(
          `SELECT CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_TYPE = 'UNIQUE'`,
          [name],
        )) as { name: string }[]
      ).map((r) => r.name),
    );
    const fkRows = (await conn.query(
      `SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS refTable, k.REFERENCED_COLUMN_NAME AS refCol, r.DELETE_RULE AS onDelete
       FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
       WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
      [name],
    )) as { name: string; col: string; refTable: string; refCol: string; onDelete: string }[];
    const fks = new Map<string, ForeignKeyInfo>();
    for (const f of fkRows) {
      const fk = fks.get(f.name) ?? {
        name: f.name,
        columns: [],
        refTable: f.refTable,
        refColumns: [],
        onDelete: ['NO ACTION', 'RESTRICT'].includes(f.onDelete) ? undefined : f.onDelete,
      };
      fk.columns.push(f.col);
      fk.refColumns.push(f.refCol);
      fks.set(f.name, fk);
    }
    const show = (await conn.query(`SHOW CREATE TABLE ${quoteMysql(name)}`)) as Record<string, string>[];
    const createSql = show[0]?.['Create Table'] ?? '';
    tables.push({
      name,
      columns,
      primaryKey: byIndex.get('PRIMARY')?.columns ?? [],
      foreignKeys: [...fks.values()],
      indexes: [...byIndex.values()]
        // InnoDB adds an index for a foreign key that has none, named after the constraint or its first column.
        .filter((i) => i.name !== 'PRIMARY' && !fks.has(i.name) && !isFkIndex(i, [...fks.values()]))
        .map((i) => ({ ...i, constraint: uniqueConstraints.has(i.name) && i.unique })),
      createSql,
      postSql: [],
      fkSql: [],
    });
  }
  return { engine: 'mysql', tables: dependencyOrder(tables), sequences: [] };
}

function isFkIndex(i: IndexInfo, fks: ForeignKeyInfo[]): boolean {
  return !i.unique && fks.some((fk) => fk.columns[0] === i.name && fk.columns.join(',') === i.columns.join(','));
}
