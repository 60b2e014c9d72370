import { createReadStream } from 'node:fs';

/** The characters that change the scanner's state in code (everything else is skipped at once). */
const SPECIAL = /['"`[;]|--|\/\*/g;
const CLOSE: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']', '--': '\n', '/*': '*/' };
const TRIGGER = /^\s*CREATE\s+(TEMP\w*\s+)?TRIGGER\b/i;
const TRIGGER_END = /\bEND\s*;$/i;

/**
 * Splits a SQLite SQL script into statements as it streams (quotes, identifiers, comments and
 * trigger bodies respected), so a dump of any size loads with flat memory. Yields the statements
 * of each chunk read (about 1 MiB) together, each ending with its `;`.
 */
export async function* sqlStatementBatches(path: string): AsyncGenerator<string[]> {
  let stmt = '';
  let close: string | undefined; // the text that ends the quote or comment we are in
  let held = '';
  for await (const read of createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 }) as AsyncIterable<string>) {
    // A last "-", "/" or "*" may be half of a two-character token: scan it with the next chunk.
    let chunk = held + read;
    held = '';
    const last = chunk[chunk.length - 1];
    if (last === '-' || last === '/' || last === '*') {
      held = last;
      chunk = chunk.slice(0, -1);
    }
    const out: string[] = [];
    let from = 0;
    let i = 0;
    while (i < chunk.length) {
      if (close !== undefined) {
        // Inside a quote or comment: jump to its end (a doubled quote reads as leaving and re-entering).
        const end = chunk.indexOf(close, i);
        if (end < 0) {
          i = chunk.length;
          break;
        }
        i = end + close.length;
        close = undefined;
        continue;
      }
      SPECIAL.lastIndex = i;
      const m = SPECIAL.exec(chunk);
      if (!m) break;
      i = m.index + m[0].length;
      if (m[0] !== ';') {
        close = CLOSE[m[0]];
        continue;
      }
      const text = stmt + chunk.slice(from, i);
      if (!TRIGGER.test(text) || TRIGGER_END.test(text)) {
        out.push(text);
        stmt = '';
        from = i;
      }
    }
    stmt += chunk.slice(from);
    if (out.length > 0) yield out;
  }
  stmt += held;
  if (stmt.trim() !== '') yield [stmt];
}

const CONTROL =
  /^(BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?|COMMIT(\s+TRANSACTION)?|END(\s+TRANSACTION)?|ROLLBACK(\s+TRANSACTION)?)\s*;?\s*$/i;

/** True for the statements a dump uses to manage its own transaction (the loader runs its own). */
export function isTransactionControl(stmt: string): boolean {
  // Fast path: skip whitespace; only statements starting with B, C, E, R, P or a comment can match.
  let k = 0;
  while (k < stmt.length && stmt.charCodeAt(k) <= 32) k++;
  const c = stmt.charCodeAt(k) | 0x20;
  if (c !== 0x62 && c !== 0x63 && c !== 0x65 && c !== 0x72 && c !== 0x70 && stmt.charCodeAt(k) !== 0x2d) return false;
  const s = stmt.replace(/^(\s|--[^\n]*\n)+/, '');
  return CONTROL.test(s) || /^PRAGMA\s+foreign_keys\s*=/i.test(s);
}
