import { readFile } from 'node:fs/promises';
import { type BackupOutput, BundleOutput, SqlOutput } from '../../src/backup/backup-output.js';
import { ByteSink } from '../../src/backup/bundle/byte-sink.js';
import type { SqliteConn } from '../../src/backup/conn/sqlite-conn.js';
import { copyRows } from '../../src/backup/copy-rows.js';
import { dumpWriterFor } from '../../src/backup/dump/dump-writer-for.js';
import { readRows } from '../../src/backup/read/read-rows.js';
import type { BackupTableSummary, SchemaInfo } from '../../src/backup/types.js';
import { TableChecksum } from '../../src/backup/values/canonical.js';

/**
 * Writes every table of `schema` from `conn` into `file` as a bundle or a `--format sql` dump
 * (`sql-only`: without checksums, so SQLite formats only the INSERT lines),
 * the rows either as SQLite formats them (`copyRows`: blocks of `blockRows` or row by row) or
 * value by value (`readRows`) — the two ways whose bytes and checksums must not differ.
 */
export async function writeThrough(
  conn: SqliteConn,
  schema: SchemaInfo,
  file: string,
  kind: 'sql' | 'sql-only' | 'bundle',
  via: 'sqlite' | 'values',
  blockRows?: number,
): Promise<{ file: string; bytes: Buffer; sums: BackupTableSummary[] }> {
  const sink = new ByteSink(file);
  const meta = { toolVersion: 'test', createdAt: '2026-01-01T00:00:00.000Z', key: undefined };
  const checksums = kind !== 'sql-only';
  const out: BackupOutput = kind === 'bundle' ? new BundleOutput(sink, meta, null) : new SqlOutput(sink);
  await out.start(schema, dumpWriterFor('sqlite'));
  const sums: BackupTableSummary[] = [];
  for (const table of schema.tables) {
    await out.tableStart(table);
    const sum = new TableChecksum(
      table.columns.map((c) => c.kind),
      checksums,
    );
    if (via === 'sqlite') for await (const _ of copyRows(conn, table, out, sum, blockRows));
    else for await (const batch of readRows(conn, table)) await out.rows(table, batch, sum);
    await out.tableEnd(table);
    sums.push({ name: table.name, rows: sum.rows, ...(checksums ? { sha256: sum.digest() } : {}) });
  }
  await out.end(schema, sums);
  await sink.commit();
  return { file, bytes: await readFile(file), sums };
}
