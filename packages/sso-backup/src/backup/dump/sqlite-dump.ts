import type { ByteBuilder } from '../bundle/byte-builder.js';
import type { SchemaInfo, TableInfo } from '../types.js';
import type { PortableValue, RowBatch } from '../values/portable.js';
import { dropLines, type SqlDumpWriter } from './sql-dump-writer.js';

/** An identifier as `sqlite3 .dump` writes it: bare when it can be, else double-quoted. */
export function sqliteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** A value as a SQLite literal (`X'…'` for blobs, like `sqlite3 .dump`). */
export function sqliteLiteral(v: PortableValue): string {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'boolean':
      return v ? '1' : '0';
    case 'string':
      return v.includes("'") ? `'${v.replaceAll("'", "''")}'` : `'${v}'`;
    default:
      if ('b' in v) return `X'${Buffer.from(v.b, 'base64').toString('hex').toUpperCase()}'`;
      if ('i' in v) return v.i;
      if (!Number.isFinite(v.f)) return Number.isNaN(v.f) ? 'NULL' : v.f > 0 ? '1e999' : '-1e999';
      return Number.isInteger(v.f) ? `${v.f}.0` : String(v.f);
  }
}

/**
 * The dump `sqlite3 zato.db ".dump zato_sso_%"` writes, with the seed's manual edit done: the
 * `DROP TABLE IF EXISTS` lines right after `BEGIN TRANSACTION;`, children first, so
 * `sqlite3 zato.db < dump.sql` loads into a new server whose SSO tables exist already.
 */
export class SqliteDumpWriter implements SqlDumpWriter {
  prologue(schema: SchemaInfo): string {
    return `PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n${dropLines(schema, sqliteName)}`;
  }

  tableStart(table: TableInfo): string {
    return `${table.createSql};\n`;
  }

  rows(table: TableInfo, batch: RowBatch, out: ByteBuilder): void {
    const prefix = `INSERT INTO ${sqliteName(table.name)} VALUES(`;
    for (const row of batch) {
      let line = prefix;
      for (let i = 0; i < row.length; i++) {
        const v = row[i] as PortableValue;
        if (i > 0) line += ',';
        line += v === null ? 'NULL' : typeof v === 'number' ? `${v}` : sqliteLiteral(v);
      }
      out.append(`${line});\n`);
    }
  }

  tableEnd(): string {
    return '';
  }

  epilogue(schema: SchemaInfo): string {
    return `${schema.tables.flatMap((t) => t.postSql.map((s) => `${s};\n`)).join('')}COMMIT;\n`;
  }
}
