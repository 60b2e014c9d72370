import type { ByteBuilder } from '../bundle/byte-builder.js';
import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { SchemaInfo, TableInfo } from '../types.js';
import { copyEscape } from '../values/copy-text.js';
import type { PortableValue, RowBatch } from '../values/portable.js';
import { dropLines, type SqlDumpWriter } from './sql-dump-writer.js';

/** A value in PostgreSQL's COPY text format. */
export function copyText(v: PortableValue): string {
  if (v === null) return '\\N';
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 't' : 'f';
    case 'string':
      return copyEscape(v);
    default:
      if ('b' in v) return `\\\\x${Buffer.from(v.b, 'base64').toString('hex')}`;
      if ('i' in v) return v.i;
      return Number.isNaN(v.f) ? 'NaN' : Number.isFinite(v.f) ? String(v.f) : v.f > 0 ? 'Infinity' : '-Infinity';
  }
}

/**
 * A pg_dump-like dump for `psql -v ON_ERROR_STOP=1 -1 -f dump.sql`: drops (children first), the
 * sequences, each table then its rows as `COPY … FROM stdin`, then constraints and indexes, then
 * foreign keys, then every sequence set to the max id of its table (or its old value if larger).
 */
export class PostgresDumpWriter implements SqlDumpWriter {
  readonly #max = new Map<string, number>();

  prologue(schema: SchemaInfo): string {
    const seqs = schema.sequences.map((s) => `CREATE SEQUENCE IF NOT EXISTS ${quoteIdent(s.name)};\n`).join('');
    return `SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n${dropLines(schema, quoteIdent)}${seqs}`;
  }

  tableStart(table: TableInfo): string {
    return `${table.createSql};\nCOPY ${quoteIdent(table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM stdin;\n`;
  }

  /** A batch read with COPY brings its COPY text, written as it is; others are encoded here. */
  rows(table: TableInfo, batch: RowBatch, out: ByteBuilder): void {
    const idIdx = table.columns.findIndex((c) => c.name === 'id');
    let max = this.#max.get(table.name) ?? 0;
    if (batch.copyText !== undefined) out.append(batch.copyText);
    for (const row of batch) {
      const id = row[idIdx];
      if (typeof id === 'number' && id > max) max = id;
      if (batch.copyText !== undefined) continue;
      let line = '';
      for (let i = 0; i < row.length; i++) line += i > 0 ? `\t${copyText(row[i] as PortableValue)}` : copyText(row[i] as PortableValue);
      out.append(`${line}\n`);
    }
    this.#max.set(table.name, max);
  }

  tableEnd(): string {
    return '\\.\n';
  }

  epilogue(schema: SchemaInfo): string {
    const post = schema.tables.flatMap((t) => t.postSql.map((s) => `${s};\n`)).join('');
    const fks = schema.tables.flatMap((t) => t.fkSql.map((s) => `${s};\n`)).join('');
    const setvals = schema.sequences
      .map((s) => {
        const max = Math.max(s.table ? (this.#max.get(s.table) ?? 0) : 0, s.lastValue ?? 0);
        return max > 0 ? `SELECT pg_catalog.setval('${quoteIdent(s.name).replaceAll("'", "''")}', ${max}, true);\n` : '';
      })
      .join('');
    return `${post}${fks}${setvals}`;
  }
}
