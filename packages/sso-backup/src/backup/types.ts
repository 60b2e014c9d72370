/** A database engine as Zato names it in `server.conf` `[odb] engine` (driver suffix removed). */
export type Engine = 'sqlite' | 'postgresql' | 'mysql';

/**
 * The logical kind of a column, independent of the engine: what a value means, so it can be
 * mapped between engines (SQLite 0/1 ↔ PostgreSQL boolean, Zato text dates ↔ timestamps, …).
 */
export type ValueKind = 'int' | 'real' | 'bool' | 'text' | 'blob' | 'datetime';

/** One column of an SSO table, as read from the source engine's catalog. */
export interface ColumnInfo {
  name: string;
  kind: ValueKind;
  /** The type as the source engine declares it, e.g. `VARCHAR(191)`, `timestamp without time zone`. */
  sqlType: string;
  /** Length of a `VARCHAR(n)`-like type, when there is one. */
  length?: number;
  nullable: boolean;
}

/** A foreign key of an SSO table. */
export interface ForeignKeyInfo {
  /** The constraint's name (PostgreSQL/MySQL catalogs; absent in SQLite's and in bundles before 2026-12): written as `CONSTRAINT <name>`. */
  name?: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  /** `CASCADE`, `SET NULL`, … or undefined for the default (`NO ACTION`). */
  onDelete?: string;
}

/** A unique constraint or index of an SSO table (engine-neutral). */
export interface IndexInfo {
  name: string;
  columns: string[];
  unique: boolean;
  /** True when it is a table constraint (`CONSTRAINT name UNIQUE (…)`) rather than an index. */
  constraint: boolean;
}

/** A PostgreSQL sequence that numbers an SSO table's ids. */
export interface SequenceInfo {
  name: string;
  /** The table and column whose max value the sequence must be set to after a restore. */
  table?: string;
  column?: string;
  /** The sequence's value at backup time (`last_value`, when it was called). */
  lastValue?: number;
}

/**
 * One `zato_sso_*` table as discovered from the source catalog: the engine-neutral description
 * used for cross-engine restores and the engine's own DDL used for same-engine restores.
 */
export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  foreignKeys: ForeignKeyInfo[];
  indexes: IndexInfo[];
  /** Native DDL of the source engine: the CREATE TABLE statement (without trailing `;`). */
  createSql: string;
  /** Native DDL run after the rows are loaded: indexes, constraints (without trailing `;`). */
  postSql: string[];
  /** Native DDL run after every table is loaded: foreign keys added separately (PostgreSQL). */
  fkSql: string[];
}

/** The schema of a backup: tables in dependency order (parents first) and related objects. */
export interface SchemaInfo {
  engine: Engine;
  tables: TableInfo[];
  sequences: SequenceInfo[];
}

/** Progress of a long operation, reported to `onProgress`. */
export interface Progress {
  /** `schema`, `rows`, `check`, `load`, `indexes`, `key`, `done`. */
  phase: string;
  table?: string;
  /** Rows done so far in this phase (for `table` when set). */
  rows: number;
  totalRows?: number;
}

/** Per-table row count and checksum (SHA-256 over the canonical encoding of its rows, hex). */
export interface TableSummary {
  name: string;
  rows: number;
  sha256: string;
}

/** A table of a backup: a {@link TableSummary} whose `sha256` a `--format sql` backup gives only when asked. */
export type BackupTableSummary = Omit<TableSummary, 'sha256'> & { sha256?: string };
