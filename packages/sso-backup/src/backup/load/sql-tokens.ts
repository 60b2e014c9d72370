/** The kinds of token {@link sqlTokens} yields (comments and whitespace are dropped). */
export type SqlTokenKind =
  /** A bare word: a keyword or an unquoted identifier. */
  | 'word'
  /** `"…"`, `` `…` `` or `[…]`: an identifier (SQLite also reads `"…"` as a string where no column matches). */
  | 'quoted'
  /** `'…'`: a string (SQLite also reads it as an identifier where a name is expected). */
  | 'string'
  /** `X'…'`: a blob literal. */
  | 'blob'
  | 'number'
  /** `?`, `?NNN`, `:name`, `@name`, `$name`: a bound parameter. */
  | 'variable'
  /** An operator or punctuation: `( ) , . ; + - * / % || < > = == != <> <= >= & | ~ << >>`. */
  | 'op';

/** One token of a SQLite statement. */
export interface SqlToken {
  kind: SqlTokenKind;
  /** The source text of the token. */
  text: string;
  /** `word`: upper-cased; `quoted`/`string`: the name or text with quotes removed and doubled quotes undone. */
  value: string;
}

/** Why a statement could not be tokenized (what SQLite would also refuse, or would read differently). */
export class SqlTokenError extends Error {}

const QUOTE_END: Record<string, string> = { '"': '"', '`': '`', '[': ']', "'": "'" };
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const NUMBER = /0[xX][0-9A-Fa-f_]+|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?/y;
const VARIABLE = /\?[0-9]*|[:@$][A-Za-z0-9_$\u0080-\uffff]+/y;
const OP = /\|\||<<|>>|<=|>=|==|!=|<>|[(),.;+\-*/%<>=&|~]/y;
const SPACE = /[ \t\n\f\r]+/y;
/** The token kinds tried, in this order, after quotes, blobs and words. */
const OTHERS = [
  ['number', NUMBER],
  ['variable', VARIABLE],
  ['op', OP],
] as const;

function sticky(re: RegExp, sql: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(sql)?.[0];
}

/**
 * Splits one SQLite statement into tokens the way SQLite's tokenizer does (tokenize.c): quotes
 * with doubled-quote escapes, `[…]` identifiers, `X'…'` blobs, `--` and `/* … *\/` comments
 * (dropped), bound parameters. Throws {@link SqlTokenError} for what SQLite itself would refuse
 * (an unterminated quote or comment, a character that starts no token, a NUL), so what is checked
 * is what SQLite would run.
 *
 * @example
 * ```ts
 * sqlTokens(`INSERT INTO "zato_sso_user" VALUES('a''b')`).map((t) => t.value); // ['INSERT', 'INTO', 'zato_sso_user', 'VALUES', '(', "a'b", ')']
 * ```
 */
export function sqlTokens(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const space = sticky(SPACE, sql, i);
    if (space) {
      i += space.length;
      continue;
    }
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlTokenError('it ends inside a /* comment');
      i = end + 2;
      continue;
    }
    if ((c === 'x' || c === 'X') && sql[i + 1] === "'") {
      const end = sql.indexOf("'", i + 2);
      if (end < 0) throw new SqlTokenError('it ends inside a blob literal');
      const hex = sql.slice(i + 2, end);
      if (!/^([0-9A-Fa-f]{2})*$/.test(hex)) throw new SqlTokenError('it has a malformed blob literal');
      out.push({ kind: 'blob', text: sql.slice(i, end + 1), value: hex });
      i = end + 1;
      continue;
    }
    const close = QUOTE_END[c];
    if (close !== undefined) {
      const { end, value } = quoted(sql, i, close);
      out.push({ kind: c === "'" ? 'string' : 'quoted', text: sql.slice(i, end), value });
      i = end;
      continue;
    }
    const word = sticky(WORD, sql, i);
    if (word) {
      out.push({ kind: 'word', text: word, value: word.toUpperCase() });
      i += word.length;
      continue;
    }
    for (const [kind, re] of OTHERS) {
      const text = sticky(re, sql, i);
      if (text) {
        out.push({ kind, text, value: text });
        i += text.length;
        break;
      }
      if (kind === 'op') throw new SqlTokenError(`it has the character ${JSON.stringify(c)} where SQLite expects none`);
    }
  }
  return out;
}

/** A quoted token starting at `start`: where it ends and its value (doubled quotes undone; `[…]` has no escape). */
function quoted(sql: string, start: number, close: string): { end: number; value: string } {
  let value = '';
  let from = start + 1;
  for (;;) {
    const at = sql.indexOf(close, from);
    if (at < 0) throw new SqlTokenError('it ends inside a quoted string or name');
    value += sql.slice(from, at);
    if (close !== ']' && sql[at + 1] === close) {
      value += close;
      from = at + 2;
      continue;
    }
    return { end: at + 1, value };
  }
}
