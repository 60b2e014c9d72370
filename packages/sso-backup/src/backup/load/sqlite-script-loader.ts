import type { Conn } from '../conn/conn.js';
import { SqliteConn } from '../conn/sqlite-conn.js';
import { fail } from '../errors.js';
import { sqlStatementBatches } from './sql-statements.js';
import { checkScriptStatement, ScriptRefusal } from './sso-script-policy.js';

/** One statement of a script with its place in the file, for messages. */
interface Placed {
  text: string;
  index: number;
  line: number;
}

/**
 * The statements of a plain SQL file that a restore runs (the dump's own BEGIN/COMMIT/PRAGMA
 * lines left out), each checked by {@link checkScriptStatement}. CORRUPT, naming the statement
 * (number, line, text without its literals), at the first one refused.
 */
async function* checkedStatements(path: string): AsyncGenerator<Placed[]> {
  let index = 0;
  let line = 1;
  for await (const batch of sqlStatementBatches(path)) {
    const out: Placed[] = [];
    for (const text of batch) {
      index++;
      const lead = /^\s*/.exec(text)?.[0] ?? '';
      const at = { text, index, line: line + countNewlines(lead) };
      line += countNewlines(text);
      try {
        if (checkScriptStatement(text).kind === 'sso') out.push(at);
      } catch (e) {
        if (!(e instanceof ScriptRefusal)) throw e;
        throw fail(
          'CORRUPT',
          `${path} is refused as an SSO dump at statement ${at.index} (line ${at.line}): ${e.message}: "${e.shown}". ` +
            'A plain SQL restore runs only CREATE TABLE, CREATE INDEX, DROP TABLE and INSERT … VALUES on zato_sso_* tables ' +
            '(plus the dump’s BEGIN/COMMIT and PRAGMA foreign_keys lines). Nothing was changed.',
        );
      }
    }
    yield out;
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Loads a plain SQLite `.sql` (e.g. `sqlite3 zato.db ".dump zato_sso_%"` plus the seed's DROP
 * lines) into a SQLite database. First the whole file is checked without touching the database:
 * every statement must be one of a dump of the `zato_sso_*` tables (see
 * {@link checkScriptStatement}), and there must be at least one — else CORRUPT naming the first
 * statement refused. Then, in ONE transaction with foreign keys off (the script's own BEGIN/COMMIT
 * ignored), each statement is checked again and run on its own (SQLite refuses a text holding two
 * statements, so what runs is exactly what was checked): any failure rolls everything back.
 */
export async function loadSqliteScript(conn: Conn, path: string, onStatements?: (n: number) => void): Promise<void> {
  if (!(conn instanceof SqliteConn)) {
    throw fail(
      'INVALID_ARGUMENT',
      `${path} is a plain SQL file; only SQLite targets take one. Load it with the engine's own client, or restore a bundle.`,
    );
  }
  let total = 0;
  for await (const batch of checkedStatements(path)) total += batch.length;
  if (total === 0) {
    throw fail('CORRUPT', `${path} holds no statement on a zato_sso_* table, so it is not an SSO dump. Nothing was changed.`);
  }
  const h = conn.handle;
  const fk = h.pragma('foreign_keys', { simple: true }) as number;
  h.pragma('foreign_keys = OFF');
  try {
    await conn.transaction(async () => {
      let count = 0;
      // checked again: the file may have changed since the first pass
      for await (const batch of checkedStatements(path)) {
        for (const s of batch) {
          try {
            h.prepare(s.text).run();
          } catch (e) {
            throw fail(
              'BACKEND',
              `Loading ${path} failed at statement ${s.index} (line ${s.line}): ${(e as Error).message}. The database was left unchanged.`,
              e,
            );
          }
        }
        count += batch.length;
        onStatements?.(count);
      }
    });
  } finally {
    h.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
  }
}
