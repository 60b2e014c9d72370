import { createReadStream } from 'node:fs';
import { fail } from '../errors.js';

/** The characters that change the scanner's state in code (everything else is skipped at once). */
const SPECIAL = /['"`[;]|--|\/\*/g;
const CLOSE: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']', '--': '\n', '/*': '*/' };
const TRIGGER = /^\s*CREATE\s+(TEMP\w*\s+)?TRIGGER\b/i;
const TRIGGER_END = /\bEND\s*;$/i;

/** The text of a file as it streams, refusing (CORRUPT) bytes that are not UTF-8 instead of replacing them. */
async function* utf8Chunks(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const bytes of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      yield decoder.decode(bytes, { stream: true });
    }
    yield decoder.decode();
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw e;
    throw fail(
      'CORRUPT',
      `${path} is not UTF-8 text, so it is not a SQL dump (its text would change on the way in). Nothing was changed.`,
      e,
    );
  }
}

/**
 * Splits a SQLite SQL script into statements as it streams (quotes, identifiers, comments and
 * trigger bodies respected), so a dump of any size loads with flat memory. Yields the statements
 * of each chunk read (about 1 MiB) together, each ending with its `;`. CORRUPT when the file is
 * not UTF-8.
 */
export async function* sqlStatementBatches(path: string): AsyncGenerator<string[]> {
  let stmt = '';
  let close: string | undefined; // the text that ends the quote or comment we are in
  let held = '';
  for await (const read of utf8Chunks(path)) {
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
