import type { Conn } from '../conn/conn.js';
import type { SchemaInfo, TableInfo } from '../types.js';
import type { PortableValue } from '../values/portable.js';
import type { ToTarget } from '../values/to-target.js';

/** Receives one batch of rows for one table (tables arrive in schema order). */
export type InsertBatch = (table: TableInfo, batch: readonly PortableValue[][]) => Promise<void>;

/** Drives the rows into a loader: calls `insert` for every batch of every table, in order. */
export type Feed = (insert: InsertBatch) => Promise<void>;

/**
 * Loads a schema and its rows into one target engine atomically: either every table is replaced
 * by the backup's, or (on any error) the target is left exactly as it was.
 */
export type Loader = (conn: Conn, schema: SchemaInfo, convert: ToTarget, feed: Feed) => Promise<void>;

/** Names a failing statement's table in the error (the cause keeps the driver's message). */
export function describeStep(step: string, table?: string): string {
  return table ? `${step} of ${table}` : step;
}

/** A failure while streaming the rows of one table into the target (reported with its name). */
export class RowsLoadError extends Error {
  readonly table: string;

  constructor(table: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.table = table;
  }
}
