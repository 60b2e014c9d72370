import { quoteMysql } from '../catalog/mysql-catalog.js';
import { quoteIdent } from '../catalog/sqlite-catalog.js';
import { ZATO_SEQUENCE_TABLES } from '../catalog/zato-sequences.js';
import type { ColumnInfo, Engine, SchemaInfo, TableInfo, ValueKind } from '../types.js';
import { nativeType } from './native-types.js';

/** How one target engine spells the engine-neutral schema. */
interface TargetSpelling {
  quote(name: string): string;
  type(c: ColumnInfo): string;
  /** Inline CHECK for booleans stored as 0/1 (what SQLAlchemy 1.3 emits on SQLite/MySQL). */
  boolCheck: boolean;
  /** An indexed column (MySQL needs a prefix length on TEXT). */
  indexColumn(c: ColumnInfo | undefined, name: string): string;
  /** FKs added after the data (PostgreSQL) rather than inline. */
  fkAfter: boolean;
  /** What follows an integer single-column primary key (Zato's MySQL ids are AUTO_INCREMENT). */
  autoIncrement: string;
}

const TEXT_TYPE = (c: ColumnInfo, text: string) => (c.length ? `VARCHAR(${c.length})` : text);

const SPELLINGS: Record<Engine, TargetSpelling> = {
  sqlite: {
    quote: quoteIdent,
    type: (c) =>
      ({ int: 'INTEGER', real: 'REAL', bool: 'BOOLEAN', text: TEXT_TYPE(c, 'TEXT'), blob: 'BLOB', datetime: 'DATETIME' })[c.kind],
    boolCheck: true,
    indexColumn: (_c, n) => quoteIdent(n),
    fkAfter: false,
    autoIncrement: '',
  },
  postgresql: {
    quote: quoteIdent,
    type: (c) =>
      ({
        int: 'INTEGER',
        real: 'DOUBLE PRECISION',
        bool: 'BOOLEAN',
        text: TEXT_TYPE(c, 'TEXT'),
        blob: 'BYTEA',
        datetime: 'TIMESTAMP WITHOUT TIME ZONE',
      })[c.kind],
    boolCheck: false,
    indexColumn: (_c, n) => quoteIdent(n),
    fkAfter: true,
    autoIncrement: '',
  },
  mysql: {
    quote: quoteMysql,
    // DATETIME(6) keeps Zato's microseconds (plain DATETIME would drop them).
    type: (c) =>
      ({ int: 'INTEGER', real: 'DOUBLE', bool: 'BOOL', text: TEXT_TYPE(c, 'TEXT'), blob: 'LONGBLOB', datetime: 'DATETIME(6)' })[c.kind],
    boolCheck: true,
    indexColumn: (c, n) => (c && (c.kind === 'text' || c.kind === 'blob') && !c.length ? `${quoteMysql(n)}(191)` : quoteMysql(n)),
    fkAfter: false,
    autoIncrement: ' AUTO_INCREMENT',
  },
};

/**
 * Writes the DDL of a schema for a target engine from its engine-neutral description — never from
 * the schema's own DDL text: Zato's logical types mapped (booleans, Zato text dates → TIMESTAMP /
 * DATETIME(6), blobs), same columns in the same order, primary key, unique constraints, indexes,
 * foreign keys with their ON DELETE, and the Zato PostgreSQL sequences. Every name is quoted.
 * For a cross-engine restore, and for a same-engine restore into PostgreSQL or MariaDB (a bundle's
 * DDL text is not run there): then a column keeps its source type when that is a plain type name
 * ({@link nativeType}) and a Zato sequence its value at backup time. `nameOf` renames tables
 * (MySQL staging tables).
 */
export function translateSchema(schema: SchemaInfo, target: Engine, nameOf: (t: string) => string = (t) => t): SchemaInfo {
  const sp = SPELLINGS[target];
  const sameEngine = schema.engine === target;
  const typeOf = (c: ColumnInfo) => (sameEngine ? (nativeType(target, c.sqlType) ?? sp.type(c)) : sp.type(c));
  const names = new Set(schema.tables.map((t) => t.name));
  const ref = (t: string) => (names.has(t) ? nameOf(t) : t);
  // Index names are per table on MySQL but per schema on SQLite/PostgreSQL: make repeats unique.
  const seen = new Map<string, number>();
  for (const t of schema.tables) for (const i of t.indexes) seen.set(i.name, (seen.get(i.name) ?? 0) + 1);
  const indexName = (table: string, name: string) => ((seen.get(name) ?? 0) > 1 || names.has(name) ? `${table}_${name}` : name);
  const tables: TableInfo[] = schema.tables.map((t) => {
    const q = sp.quote;
    const col = (n: string) => t.columns.find((c) => c.name === n);
    const autoId = t.primaryKey.length === 1 ? t.columns.find((c) => c.name === t.primaryKey[0] && c.kind === 'int')?.name : undefined;
    const lines = t.columns.map(
      (c) => `\t${q(c.name)} ${typeOf(c)}${c.nullable ? '' : ' NOT NULL'}${c.name === autoId ? sp.autoIncrement : ''}`,
    );
    if (t.primaryKey.length > 0) lines.push(`\tPRIMARY KEY (${t.primaryKey.map(q).join(', ')})`);
    for (const u of t.indexes.filter((i) => i.constraint))
      lines.push(`\tCONSTRAINT ${q(indexName(t.name, u.name))} UNIQUE (${u.columns.map((n) => sp.indexColumn(col(n), n)).join(', ')})`);
    if (sp.boolCheck) for (const c of t.columns.filter((x) => x.kind === 'bool')) lines.push(`\tCHECK (${q(c.name)} IN (0, 1))`);
    const fkText = t.foreignKeys.map(
      (fk) =>
        `${fk.name ? `CONSTRAINT ${q(fk.name)} ` : ''}FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${q(ref(fk.refTable))} (${fk.refColumns.map(q).join(', ')})${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}`,
    );
    if (!sp.fkAfter) lines.push(...fkText.map((f) => `\t${f}`));
    const name = nameOf(t.name);
    return {
      ...t,
      name,
      columns: t.columns.map((c) => ({ ...c, sqlType: typeOf(c) })),
      createSql: `CREATE TABLE ${q(name)} (\n${lines.join(',\n')}\n)`,
      postSql: t.indexes
        .filter((i) => !i.constraint)
        .map(
          (i) =>
            `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${q(indexName(t.name, i.name))} ON ${q(name)} (${i.columns.map((n) => sp.indexColumn(col(n), n)).join(', ')})`,
        ),
      fkSql: sp.fkAfter ? fkText.map((f) => `ALTER TABLE ONLY ${q(name)} ADD ${f}`) : [],
    };
  });
  const sequences =
    target === 'postgresql'
      ? Object.entries(ZATO_SEQUENCE_TABLES)
          .filter(([, table]) => names.has(table))
          .map(([seq, table]) => {
            const lastValue = sameEngine ? schema.sequences.find((s) => s.name === seq)?.lastValue : undefined;
            return { name: seq, table, column: 'id', ...(lastValue === undefined ? {} : { lastValue }) };
          })
      : [];
  return { engine: target, tables, sequences };
}

/** The kinds of a table's columns, in order. */
export function kindsOf(t: TableInfo): ValueKind[] {
  return t.columns.map((c) => c.kind);
}
