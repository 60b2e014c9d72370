import type { Conn } from '../conn/conn.js';
import { SqliteConn } from '../conn/sqlite-conn.js';
import { fail } from '../errors.js';
import { isTransactionControl, sqlStatementBatches } from './sql-statements.js';

/** Bytes of statements handed to SQLite per `exec`. */
const EXEC_BYTES = 1024 * 1024;

/**
 * Loads a plain SQLite `.sql` (e.g. `sqlite3 zato.db ".dump zato_sso_%"` plus the seed's DROP
 * lines) into a SQLite database in ONE transaction with foreign keys off, ignoring the script's
 * own BEGIN/COMMIT: any failing statement rolls everything back.
 */
export async function loadSqliteScript(conn: Conn, path: string, onStatements?: (n: number) => void): Promise<void> {
  if (!(conn instanceof SqliteConn)) {
    throw fail(
      'INVALID_ARGUMENT',
      `${path} is a plain SQL file; only SQLite targets take one. Load it with the engine's own client, or restore a bundle.`,
    );
  }
  const h = conn.handle;
  const fk = h.pragma('foreign_keys', { simple: true }) as number;
  h.pragma('foreign_keys = OFF');
  try {
    await conn.transaction(async () => {
      let pending = '';
      let count = 0;
      const run = () => {
        if (pending === '') return;
        try {
          h.exec(pending);
        } catch (e) {
          const first = /[^;]*;/.exec(pending)?.[0]?.trim().slice(0, 80) ?? '';
          throw fail(
            'BACKEND',
            `Loading ${path} failed in the statements starting "${first}…": ${(e as Error).message}. The database was left unchanged.`,
            e,
          );
        }
        pending = '';
        onStatements?.(count);
      };
      for await (const batch of sqlStatementBatches(path)) {
        for (const stmt of batch) {
          if (isTransactionControl(stmt)) continue;
          pending += `${stmt}\n`;
          count++;
        }
        if (pending.length >= EXEC_BYTES) run();
      }
      run();
    });
  } finally {
    h.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
  }
}
