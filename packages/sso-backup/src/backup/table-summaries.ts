import type { Conn } from './conn/conn.js';
import { readRows } from './read/read-rows.js';
import type { SchemaInfo, TableInfo, TableSummary } from './types.js';
import { TableChecksum } from './values/canonical.js';

/** Row count and canonical checksum of one table as it is now. */
export async function tableSummary(conn: Conn, table: TableInfo): Promise<TableSummary> {
  const sum = new TableChecksum(table.columns.map((c) => c.kind));
  for await (const batch of readRows(conn, table)) for (const row of batch) sum.add(row);
  return { name: table.name, rows: sum.rows, sha256: sum.digest() };
}

/** {@link tableSummary} of every table of a schema, in its order. */
export async function tableSummaries(conn: Conn, schema: SchemaInfo): Promise<TableSummary[]> {
  const out: TableSummary[] = [];
  for (const t of schema.tables) out.push(await tableSummary(conn, t));
  return out;
}
