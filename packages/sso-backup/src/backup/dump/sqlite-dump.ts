import type { ByteBuilder } from '../bundle/byte-builder.js';
import type { SchemaInfo, TableInfo } from '../types.js';
import type { PortableValue, RowBatch } from '../values/portable.js';
import { dropLines, type SqlDumpWriter } from './sql-dump-writer.js';

const LINE_END = Buffer.from(');\n', 'latin1');

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

  #prefix = { table: '', bytes: Buffer.alloc(0) };
  readonly #parts: string[] = [];

  rows(table: TableInfo, batch: RowBatch, out: ByteBuilder): void {
    if (this.#prefix.table !== table.name)
      this.#prefix = { table: table.name, bytes: Buffer.from(`INSERT INTO ${sqliteName(table.name)} VALUES(`, 'utf8') };
    const prefix = this.#prefix.bytes;
    for (const row of batch) {
      // The prefix as bytes and the line's end as bytes: one string (the values) per row to encode.
      out.appendBytes(prefix);
      // One reused array joined: a flat string, not a rope of 2n pieces for the encoder to flatten.
      const parts = this.#parts;
      parts.length = row.length;
      for (let i = 0; i < row.length; i++) {
        const v = row[i] as PortableValue;
        // toFixed(0), not `${v}`: V8's number-to-string cache would keep every id's string
        // alive into the old generation (measured: +20 MiB of garbage there per million rows).
        parts[i] = v === null ? 'NULL' : typeof v === 'number' ? v.toFixed(0) : sqliteLiteral(v);
      }
      out.append(parts.join(','));
      out.appendBytes(LINE_END);
    }
  }

  tableEnd(): string {
    return '';
  }

  epilogue(schema: SchemaInfo): string {
    return `${schema.tables.flatMap((t) => t.postSql.map((s) => `${s};\n`)).join('')}COMMIT;\n`;
  }
}
