import { createReadStream } from 'node:fs';

/**
 * Splits a SQLite SQL script into statements as it streams (quotes, identifiers, comments and
 * trigger bodies respected), so a dump of any size loads with flat memory.
 */
export async function* sqlStatements(path: string): AsyncGenerator<string> {
  let stmt = '';
  let state: 'code' | "'" | '"' | '`' | '[' | '--' | '/*' = 'code';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 }) as AsyncIterable<string>) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      const next = chunk[i + 1];
      switch (state) {
        case 'code':
          if (c === "'" || c === '"' || c === '`' || c === '[') state = c;
          else if (c === '-' && next === '-') state = '--';
          else if (c === '/' && next === '*') state = '/*';
          else if (c === ';') {
            const text = stmt + chunk.slice(from, i + 1);
            if (!/^\s*CREATE\s+(TEMP\w*\s+)?TRIGGER\b/i.test(text) || /\bEND\s*;$/i.test(text)) {
              yield text;
              stmt = '';
              from = i + 1;
            }
          }
          break;
        case '--':
          if (c === '\n') state = 'code';
          break;
        case '/*':
          if (c === '/' && chunk[i - 1] === '*') state = 'code';
          break;
        case '[':
          if (c === ']') state = 'code';
          break;
        default:
          // A doubled quote inside a string reads as leaving and re-entering it.
          if (c === state) state = 'code';
      }
    }
    stmt += chunk.slice(from);
  }
  if (stmt.trim() !== '') yield stmt;
}

/** True for the statements a dump uses to manage its own transaction (the loader runs its own). */
export function isTransactionControl(stmt: string): boolean {
  const s = stmt.replace(/^(\s|--[^\n]*\n)+/, '');
  return (
    /^(BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?|COMMIT(\s+TRANSACTION)?|END(\s+TRANSACTION)?|ROLLBACK(\s+TRANSACTION)?)\s*;?\s*$/i.test(
      s,
    ) || /^PRAGMA\s+foreign_keys\s*=/i.test(s)
  );
}
