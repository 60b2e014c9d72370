import type { BackupOutput } from './backup-output.js';
import type { Conn } from './conn/conn.js';
import { SqliteConn } from './conn/sqlite-conn.js';
import { readRows } from './read/read-rows.js';
import { BufferRelease } from './read/release-buffer.js';
import { readSqliteBlocks } from './read/sqlite-blocks.js';
import { sqliteLinesPossible } from './read/sqlite-row-sql.js';
import type { TableInfo } from './types.js';
import type { TableChecksum } from './values/canonical.js';

/**
 * Reads `table`'s rows into `output` batch by batch (yielding after each): on SQLite, SQLite
 * formats the rows itself when the table's column kinds allow it — in blocks of rows, or row by row
 * (see `readSqliteBlocks`; `blockRows` fixes the rows per block, for tests); else value by value.
 * A block's buffers are freed a few blocks after `output` has taken them ({@link BufferRelease}).
 */
export async function* copyRows(
  tx: Conn,
  table: TableInfo,
  output: BackupOutput,
  sum: TableChecksum,
  blockRows?: number,
): AsyncGenerator<void> {
  if (tx instanceof SqliteConn && sqliteLinesPossible(table)) {
    // A dump without checksums needs no canonical lines: SQLite formats each row once.
    const mode = output.lineMode === 'sql' && !sum.hashing ? 'sql-only' : output.lineMode;
    const release = new BufferRelease();
    try {
      for await (const b of readSqliteBlocks(tx, table, mode, blockRows)) {
        if (b.block) {
          await output.block(table, b.block, sum);
          // The output has copied or written them: their memory goes back soon (see BufferRelease).
          release.add(b.block.canonical);
          release.add(b.block.sql);
        } else await (b.lines ? output.lines(table, b.lines, sum) : output.rows(table, b.rows, sum));
        yield;
      }
    } finally {
      release.flush();
    }
    return;
  }
  for await (const batch of readRows(tx, table)) {
    await output.rows(table, batch, sum);
    yield;
  }
}
