import { isUtf8 } from 'node:buffer';
import { Fernet } from '@authstate/secrets-conf';
import type { TableInfo } from '../types.js';
import type { PortableValue } from '../values/portable.js';
import { type FernetColumn, fernetColumnsOf, isEncryptedIn } from './fernet-columns.js';

/**
 * Replaces the Fernet values of rows (the columns of {@link FERNET_COLUMNS}) by their plaintext,
 * decrypting with the first of `keys` that fits; values no key decrypts stay as they are. Used by
 * `verify` to compare a rekeyed target with its backup: the tokens differ, the plaintext must not.
 */
export class FernetPlaintext {
  readonly #keys: Fernet[];
  readonly #columns = new Map<string, FernetColumn[]>();

  constructor(keys: readonly string[]) {
    this.#keys = keys.map((k) => new Fernet(k));
  }

  /** The `table.column` names this compares by plaintext, for tables of `tables`. */
  static columnNames(tables: readonly TableInfo[]): string[] {
    return tables.flatMap((t) => fernetColumnsOf(t).map((c) => c.name));
  }

  /** True when `table` has Fernet columns. */
  covers(table: TableInfo): boolean {
    return this.#columnsOf(table).length > 0;
  }

  /** Replaces the Fernet values of `row` (in `table`'s column order) by their plaintext, in place. */
  apply(table: TableInfo, row: PortableValue[]): void {
    for (const col of this.#columnsOf(table)) {
      const v = row[col.index] ?? null;
      if (v === null || !isEncryptedIn(row, col)) continue;
      const token = tokenOf(v, col.json);
      const plain = token === undefined ? undefined : this.#decrypt(token);
      if (plain !== undefined) row[col.index] = isUtf8(plain) ? plain.toString('utf8') : { b: plain.toString('base64') };
    }
  }

  #columnsOf(table: TableInfo): FernetColumn[] {
    let cols = this.#columns.get(table.name);
    if (!cols) {
      cols = fernetColumnsOf(table);
      this.#columns.set(table.name, cols);
    }
    return cols;
  }

  #decrypt(token: string): Buffer | undefined {
    for (const f of this.#keys) {
      try {
        return f.decrypt(token);
      } catch {
        // not this key
      }
    }
    return undefined;
  }
}

/** The token inside a stored value: text, the ASCII bytes of a blob, or a JSON string of a token. */
function tokenOf(v: PortableValue, json: boolean): string | undefined {
  if (typeof v === 'string') {
    if (!json || !v.startsWith('"')) return v;
    try {
      const inner = JSON.parse(v) as unknown;
      return typeof inner === 'string' ? inner : undefined;
    } catch {
      return undefined;
    }
  }
  if (v !== null && typeof v === 'object' && 'b' in v) return Buffer.from(v.b, 'base64').toString('latin1');
  return undefined;
}
