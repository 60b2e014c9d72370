import type { Conn } from './conn/conn.js';
import { readRows } from './read/read-rows.js';
import type { SchemaInfo, TableInfo, TableSummary } from './types.js';
import { TableChecksum } from './values/canonical.js';
import type { PortableValue } from './values/portable.js';

/**
 * Row count and canonical checksum of one table as it is now; `mapRow` may change each row
 * (in place) before it is summed, e.g. to compare Fernet values by plaintext.
 */
export async function tableSummary(conn: Conn, table: TableInfo, mapRow?: (row: PortableValue[]) => void): Promise<TableSummary> {
  const sum = new TableChecksum(table.columns.map((c) => c.kind));
  for await (const batch of readRows(conn, table)) {
    for (const row of batch) {
      mapRow?.(row);
      sum.add(row);
    }
  }
  return { name: table.name, rows: sum.rows, sha256: sum.digest() };
}

/** {@link tableSummary} of every table of a schema, in its order. */
export async function tableSummaries(conn: Conn, schema: SchemaInfo): Promise<TableSummary[]> {
  const out: TableSummary[] = [];
  for (const t of schema.tables) out.push(await tableSummary(conn, t));
  return out;
}
