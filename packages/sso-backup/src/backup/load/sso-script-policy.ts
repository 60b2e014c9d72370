import { type SqlToken, SqlTokenError, sqlTokens } from './sql-tokens.js';

/** What an accepted statement of a plain SQL restore is. */
export type ScriptStatement =
  /** A line a dump uses to manage its own transaction or foreign keys (the loader runs its own). */
  | { kind: 'control' }
  /** A statement on the `zato_sso_*` table `table`. */
  | { kind: 'sso'; table: string; what: 'create table' | 'create index' | 'drop table' | 'insert' };

/** A statement a plain SQL restore refuses, with why and a printable form without literals. */
export class ScriptRefusal extends Error {
  /** The statement with every string, blob and number replaced by `…`, cut to 80 characters. */
  readonly shown: string;

  constructor(why: string, shown: string) {
    super(why);
    this.shown = shown;
  }
}

/** Functions `sqlite3 .dump` writes into the values of an `INSERT` (text with newlines, other characters). */
const VALUE_FUNCTIONS = new Set(['REPLACE', 'CHAR', 'UNISTR']);
/** Words allowed in the values of an `INSERT`. */
const VALUE_WORDS = new Set(['NULL', 'TRUE', 'FALSE', 'CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME']);
const INSERT_CONFLICT = new Set(['REPLACE', 'IGNORE', 'ABORT', 'FAIL', 'ROLLBACK']);
const BOOLEAN_WORDS = new Set(['ON', 'OFF', 'TRUE', 'FALSE', 'YES', 'NO']);

/** A name as SQLite compares names: ASCII letters case-insensitively. */
function sqliteFold(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** True for `zato_sso_*` names, compared as SQLite compares names. */
export function isSsoName(name: string): boolean {
  return sqliteFold(name).startsWith('zato_sso_');
}

/**
 * Checks the native SQLite DDL a bundle carries for one table (run as is by a same-engine restore):
 * `createSql` must be one `CREATE TABLE` of that table and every `postSql` one `CREATE INDEX` on
 * it — nothing else, and no second statement. Throws {@link ScriptRefusal} otherwise.
 */
export function checkSqliteTableDdl(table: { name: string; createSql: string; postSql: readonly string[] }): void {
  const expect = (sql: string, what: string) => {
    const s = checkScriptStatement(sql);
    if (s.kind !== 'sso' || s.what !== what || sqliteFold(s.table) !== sqliteFold(table.name)) {
      throw new ScriptRefusal(`it is not a ${what.toUpperCase()} of ${table.name}`, shorten(sql));
    }
  };
  expect(table.createSql, 'create table');
  for (const sql of table.postSql) expect(sql, 'create index');
}

/**
 * Decides whether one statement of a plain SQL file may run in a restore: only what a dump of the
 * SSO tables holds — `CREATE TABLE`, `CREATE [UNIQUE] INDEX … ON`, `DROP TABLE` and
 * `INSERT … VALUES` (literals only, plus the `replace`/`char`/`unistr` calls `sqlite3 .dump`
 * writes) on `zato_sso_*` tables of the main database, and the dump's `BEGIN`/`COMMIT`/`END`
 * and `PRAGMA foreign_keys` lines. Anything else — another table, `ATTACH`, triggers, views,
 * other pragmas, subqueries, `AS SELECT`, bound parameters — throws {@link ScriptRefusal}.
 * Names are read as SQLite reads them (bare, `"…"`, `` `…` ``, `[…]`, `'…'`), never from inside
 * strings or comments.
 *
 * @example
 * ```ts
 * checkScriptStatement("INSERT INTO zato_sso_group VALUES(1,'a');"); // { kind: 'sso', table: 'zato_sso_group', what: 'insert' }
 * checkScriptStatement('DELETE FROM sec_base;');                    // throws ScriptRefusal
 * ```
 */
export function checkScriptStatement(stmt: string): ScriptStatement {
  let tokens: SqlToken[];
  try {
    tokens = sqlTokens(stmt);
  } catch (e) {
    // Only the text before the first quote or digit is shown: what follows may be a secret.
    if (e instanceof SqlTokenError) throw new ScriptRefusal(e.message, shorten(`${stmt.trim().split(/['"`[0-9]/)[0] ?? ''}…`));
    throw e;
  }
  if (tokens.at(-1)?.value === ';') tokens.pop();
  const r = new Reader(tokens);
  const result = statement(r);
  if (!r.done()) r.refuse(`unexpected ${JSON.stringify(r.peek()?.text)}`);
  return result;
}

function statement(r: Reader): ScriptStatement {
  const first = r.word();
  switch (first) {
    case 'BEGIN':
      r.optionalWord('DEFERRED', 'IMMEDIATE', 'EXCLUSIVE');
      r.optionalWord('TRANSACTION');
      return { kind: 'control' };
    case 'COMMIT':
    case 'END':
      r.optionalWord('TRANSACTION');
      return { kind: 'control' };
    case 'PRAGMA': {
      if (r.word() !== 'FOREIGN_KEYS' || r.next().value !== '=') r.refuse('only PRAGMA foreign_keys is accepted');
      const v = r.next();
      if (!(v.kind === 'number' && /^[01]$/.test(v.text)) && !(v.kind === 'word' && BOOLEAN_WORDS.has(v.value)))
        r.refuse('PRAGMA foreign_keys takes ON or OFF');
      return { kind: 'control' };
    }
    case 'CREATE':
      return create(r);
    case 'DROP': {
      if (r.word() !== 'TABLE') r.refuse('only DROP TABLE is accepted');
      if (r.optionalWord('IF')) r.expectWord('EXISTS');
      return { kind: 'sso', table: r.ssoTable(), what: 'drop table' };
    }
    case 'INSERT':
    case 'REPLACE':
      return insert(r, first);
    case 'ROLLBACK':
      return r.refuse('the dump rolls its transaction back (sqlite3 .dump writes ROLLBACK when it hit errors)');
    default:
      return r.refuse(`${first} statements are not part of an SSO dump`);
  }
}

function create(r: Reader): ScriptStatement {
  const what = r.word();
  if (what === 'TABLE') {
    if (r.optionalWord('IF')) r.expectWord('NOT', 'EXISTS');
    const table = r.ssoTable();
    if (r.peek()?.value !== '(') r.refuse('CREATE TABLE must list its columns (no AS SELECT)');
    r.balanced();
    while (!r.done()) {
      const t = r.next();
      if (!(t.value === ',' || (t.kind === 'word' && ['WITHOUT', 'ROWID', 'STRICT'].includes(t.value))))
        r.refuse(`unexpected ${JSON.stringify(t.text)}`);
    }
    return { kind: 'sso', table, what: 'create table' };
  }
  if (what === 'UNIQUE') r.expectWord('INDEX');
  else if (what !== 'INDEX') r.refuse(`CREATE ${what} is not part of an SSO dump`);
  if (r.optionalWord('IF')) r.expectWord('NOT', 'EXISTS');
  r.name();
  r.expectWord('ON');
  const table = r.ssoTable();
  r.balanced();
  if (r.optionalWord('WHERE')) while (!r.done()) r.noSelect(r.next());
  return { kind: 'sso', table, what: 'create index' };
}

function insert(r: Reader, first: string): ScriptStatement {
  if (first === 'INSERT' && r.optionalWord('OR')) {
    const action = r.word();
    if (!INSERT_CONFLICT.has(action)) r.refuse(`INSERT OR ${action} is not SQL`);
  }
  r.expectWord('INTO');
  const table = r.ssoTable();
  if (r.peek()?.value === '(') {
    r.next();
    for (;;) {
      const col = r.next();
      if (col.kind !== 'word' && col.kind !== 'quoted' && col.kind !== 'string') r.refuse('the column list holds more than names');
      const sep = r.next().value;
      if (sep === ')') break;
      if (sep !== ',') r.refuse('the column list holds more than names');
    }
  }
  r.expectWord('VALUES');
  do valueRow(r);
  while (r.peek()?.value === ',' && r.next());
  return { kind: 'sso', table, what: 'insert' };
}

/** `( value, … )` where a value is literals, signs, `||` and calls of {@link VALUE_FUNCTIONS}. */
function valueRow(r: Reader): void {
  if (r.next().value !== '(') r.refuse('VALUES must be followed by a parenthesised row');
  let depth = 1;
  while (depth > 0) {
    const t = r.next();
    if (t.kind === 'string' || t.kind === 'blob' || t.kind === 'number') continue;
    if (t.kind === 'op' && ['+', '-', ',', '||'].includes(t.value)) continue;
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    else if (t.kind === 'word' && VALUE_FUNCTIONS.has(t.value) && r.peek()?.value === '(') {
      r.next();
      depth++;
    } else if (t.kind !== 'word' || !VALUE_WORDS.has(t.value)) {
      r.refuse(`the values may hold only literals, not ${JSON.stringify(t.text)}`);
    }
  }
}

/** A cursor over a statement's tokens that refuses with the statement shown safely. */
class Reader {
  readonly #tokens: SqlToken[];
  #at = 0;

  constructor(tokens: SqlToken[]) {
    this.#tokens = tokens;
  }

  done(): boolean {
    return this.#at >= this.#tokens.length;
  }

  peek(): SqlToken | undefined {
    return this.#tokens[this.#at];
  }

  next(): SqlToken {
    const t = this.#tokens[this.#at++];
    if (!t) return this.refuse('it ends too early');
    return t;
  }

  /** The next token as an upper-cased bare word (refused when it is not one). */
  word(): string {
    const t = this.next();
    if (t.kind !== 'word') this.refuse(`expected a keyword, found ${JSON.stringify(t.text)}`);
    return t.value;
  }

  expectWord(...words: string[]): void {
    for (const w of words) if (this.word() !== w) this.refuse(`expected ${words.join(' ')}`);
  }

  optionalWord(...words: string[]): boolean {
    const t = this.peek();
    if (t?.kind !== 'word' || !words.includes(t.value)) return false;
    this.#at++;
    return true;
  }

  /** A possibly qualified name `[schema.]name`; the schema may only be `main`. */
  name(): string {
    const t = this.next();
    if (t.kind !== 'word' && t.kind !== 'quoted' && t.kind !== 'string') this.refuse(`expected a name, found ${JSON.stringify(t.text)}`);
    const name = t.kind === 'word' ? t.text : t.value;
    if (this.peek()?.value !== '.') return name;
    this.next();
    if (name.toLowerCase() !== 'main') this.refuse(`only the main database may be named, not ${JSON.stringify(name)}`);
    return this.name();
  }

  /** A table name that must be a `zato_sso_*` one. */
  ssoTable(): string {
    const name = this.name();
    if (!isSsoName(name)) this.refuse(`it touches ${JSON.stringify(name)}, which is not a zato_sso_* table`);
    return name;
  }

  /** Skips a parenthesised group (refusing a subquery inside it). */
  balanced(): void {
    if (this.next().value !== '(') this.refuse('expected (');
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      this.noSelect(t);
      if (t.value === '(') depth++;
      else if (t.value === ')') depth--;
    }
  }

  noSelect(t: SqlToken): void {
    if (t.value === ';') this.refuse('a statement holds a ";"');
    if (t.kind === 'word' && (t.value === 'SELECT' || t.value === 'VALUES')) this.refuse('subqueries are not accepted');
    if (t.kind === 'variable') this.refuse('bound parameters are not accepted');
  }

  refuse(why: string): never {
    throw new ScriptRefusal(why, shorten(this.#tokens.map(safeText).join(' ')));
  }
}

/** A token as shown in an error: literals (which may be secrets) as `…`. */
function safeText(t: SqlToken): string {
  if (t.kind === 'string') return "'…'";
  if (t.kind === 'blob') return "X'…'";
  if (t.kind === 'number') return '…';
  return t.text;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
