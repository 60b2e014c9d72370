import type { ByteBuilder } from '../bundle/byte-builder.js';
import type { SchemaInfo, TableInfo } from '../types.js';
import type { RowBatch } from '../values/portable.js';

/**
 * Writes the native SQL dump of one source engine, piece by piece as the rows stream past, so the
 * dump never has to be held in memory. Each method returns the text to append.
 */
export interface SqlDumpWriter {
  /** Session settings, transaction start and `DROP TABLE IF EXISTS` for every table, children first. */
  prologue(schema: SchemaInfo): string;
  /** The table's CREATE statement (and, on PostgreSQL, the COPY header). */
  tableStart(table: TableInfo): string;
  /** Appends one batch of rows of `table` to `out`. */
  rows(table: TableInfo, batch: RowBatch, out: ByteBuilder): void;
  /** Ends the table's data (PostgreSQL: the COPY terminator). */
  tableEnd(table: TableInfo): string;
  /** Indexes, constraints, sequences and the commit. */
  epilogue(schema: SchemaInfo): string;
}

/** The `DROP TABLE IF EXISTS` lines, children first. */
export function dropLines(schema: SchemaInfo, quote: (name: string) => string): string {
  return [...schema.tables]
    .reverse()
    .map((t) => `DROP TABLE IF EXISTS ${quote(t.name)};\n`)
    .join('');
}
