import type { SqliteConn } from '../conn/sqlite-conn.js';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, SchemaInfo, TableInfo, ValueKind } from '../types.js';
import { dependencyOrder } from './dependency-order.js';
import { isSsoName, SSO_LIKE } from './prefix.js';

/** The logical kind of a SQLite declared type (its affinity, with BOOLEAN and DATETIME told apart). */
export function sqliteKind(declared: string): ValueKind {
  const t = declared.toUpperCase();
  if (t.includes('BOOL')) return 'bool';
  if (t.includes('DATE') || t.includes('TIME')) return 'datetime';
  if (t.includes('INT')) return 'int';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t === '' || t.includes('BLOB')) return 'blob';
  return 'real';
}

/** `VARCHAR(191)` → 191. */
export function declaredLength(declared: string): number | undefined {
  const m = /\(\s*(\d+)\s*\)/.exec(declared);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Quotes a SQLite/PostgreSQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Reads every `zato_sso_*` table of a SQLite database from `sqlite_master` and the table PRAGMAs,
 * in dependency order. The DDL is the text SQLite stored, as `sqlite3 .dump` writes it.
 */
export async function sqliteCatalog(conn: SqliteConn): Promise<SchemaInfo> {
  const h = conn.handle;
  const masters = h
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name LIKE ? ESCAPE '\\' AND sql IS NOT NULL ORDER BY rowid`)
    .all(SSO_LIKE) as { type: string; name: string; tbl_name: string; sql: string }[];
  const tables: TableInfo[] = [];
  for (const m of masters.filter((x) => x.type === 'table' && isSsoName(x.name))) {
    const cols = h.prepare(`PRAGMA table_info(${quoteIdent(m.name)})`).all() as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    const columns: ColumnInfo[] = cols.map((c) => ({
      name: c.name,
      kind: sqliteKind(c.type),
      sqlType: c.type,
      length: declaredLength(c.type),
      nullable: c.notnull === 0 && c.pk === 0,
    }));
    const primaryKey = cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const fkRows = h.prepare(`PRAGMA foreign_key_list(${quoteIdent(m.name)})`).all() as {
      id: number;
      table: string;
      from: string;
      to: string | null;
      on_delete: string;
    }[];
    const fks = new Map<number, ForeignKeyInfo>();
    for (const f of fkRows) {
      const fk = fks.get(f.id) ?? {
        columns: [],
        refTable: f.table,
        refColumns: [],
        onDelete: f.on_delete === 'NO ACTION' ? undefined : f.on_delete,
      };
      fk.columns.push(f.from);
      fk.refColumns.push(f.to ?? f.from);
      fks.set(f.id, fk);
    }
    const idxList = h.prepare(`PRAGMA index_list(${quoteIdent(m.name)})`).all() as { name: string; unique: number; origin: string }[];
    const indexes: IndexInfo[] = idxList
      .filter((i) => i.origin !== 'pk')
      .map((i) => ({
        name: i.origin === 'u' ? (constraintNameOf(m.sql, i.name) ?? i.name) : i.name,
        columns: (h.prepare(`PRAGMA index_info(${quoteIdent(i.name)})`).all() as { seqno: number; name: string }[])
          .sort((a, b) => a.seqno - b.seqno)
          .map((c) => c.name),
        unique: i.unique === 1,
        constraint: i.origin === 'u',
      }))
      .reverse();
    tables.push({
      name: m.name,
      columns,
      primaryKey,
      foreignKeys: [...fks.values()].reverse(),
      indexes,
      createSql: m.sql,
      postSql: masters.filter((x) => x.type !== 'table' && x.tbl_name === m.name).map((x) => x.sql),
      fkSql: [],
    });
  }
  return { engine: 'sqlite', tables: dependencyOrder(tables), sequences: [] };
}

/**
 * SQLite names the index behind `CONSTRAINT zato_g_name_uq UNIQUE (…)` `sqlite_autoindex_…`;
 * recover the constraint's name from the CREATE TABLE text by the autoindex's ordinal.
 */
function constraintNameOf(createSql: string, autoindex: string): string | undefined {
  const n = /_(\d+)$/.exec(autoindex)?.[1];
  if (!n) return undefined;
  const names = [...createSql.matchAll(/CONSTRAINT\s+("?)(\w+)\1\s+UNIQUE/gi)].map((x) => x[2]);
  // Autoindexes count every UNIQUE (named or inline) and the PRIMARY KEY when not INTEGER rowid;
  // only trust the mapping when every UNIQUE is a named table constraint.
  const uniques = [...createSql.matchAll(/\bUNIQUE\b/gi)].length;
  if (uniques !== names.length) return undefined;
  const offset = /PRIMARY\s+KEY\s*\(\s*"?\w+"?\s*,/i.test(createSql) ? 1 : 0;
  return names[Number(n) - 1 - offset];
}
