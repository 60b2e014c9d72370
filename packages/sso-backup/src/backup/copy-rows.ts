import type { BackupOutput } from './backup-output.js';
import type { Conn } from './conn/conn.js';
import { SqliteConn } from './conn/sqlite-conn.js';
import { readRows } from './read/read-rows.js';
import { readSqliteLines, sqliteLinesPossible } from './read/sqlite-lines.js';
import type { TableInfo } from './types.js';
import type { TableChecksum } from './values/canonical.js';

/**
 * Reads `table`'s rows into `output` batch by batch (yielding after each): on SQLite, SQLite
 * formats each row's line(s) itself when the table's column kinds allow it; else value by value.
 */
export async function* copyRows(tx: Conn, table: TableInfo, output: BackupOutput, sum: TableChecksum): AsyncGenerator<void> {
  if (tx instanceof SqliteConn && sqliteLinesPossible(table)) {
    for await (const b of readSqliteLines(tx, table, output.lineMode)) {
      await (b.lines ? output.lines(table, b.lines, sum) : output.rows(table, b.rows, sum));
      yield;
    }
    return;
  }
  for await (const batch of readRows(tx, table)) {
    await output.rows(table, batch, sum);
    yield;
  }
}
