import type { TableInfo } from '../types.js';
import type { PortableValue } from '../values/portable.js';

/**
 * Every SSO column Zato fills with Fernet tokens under the SSO key (FACTS §7): they move together
 * when a restore re-encrypts under the target's key. `when` names a boolean column that must be
 * true for the value to be encrypted; `json` marks values stored as the JSON string of the token.
 */
export const FERNET_COLUMNS: Readonly<Record<string, readonly { column: string; when?: string; json?: boolean }[]>> = {
  zato_sso_user: [{ column: 'password' }, { column: 'email' }, { column: 'totp_key' }, { column: 'totp_label' }],
  zato_sso_attr: [{ column: 'value', when: 'is_encrypted', json: true }],
  zato_sso_password_reset: [{ column: 'reset_key' }],
};

/** One Fernet column of a table, located by index in its column order. */
export interface FernetColumn {
  /** `table.column`, as reports name it. */
  name: string;
  index: number;
  /** Index of the boolean column that says whether the value is encrypted. */
  when?: number;
  json: boolean;
}

/** The Fernet columns of `table` present in its column list (none for the other tables). */
export function fernetColumnsOf(table: TableInfo): FernetColumn[] {
  const at = (name: string) => table.columns.findIndex((c) => c.name === name);
  return (FERNET_COLUMNS[table.name] ?? []).flatMap((f) => {
    const index = at(f.column);
    const when = f.when === undefined ? undefined : at(f.when);
    if (index < 0 || when === -1) return [];
    return [{ name: `${table.name}.${f.column}`, index, when, json: f.json ?? false }];
  });
}

/** True for a true boolean in any spelling a bundle can hold (true, 1, '1', 't', 'true'). */
export function isTrue(v: PortableValue | undefined): boolean {
  return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
}

/** Whether a Fernet column's value in `row` is meant to be encrypted (its `when` flag, if any). */
export function isEncryptedIn(row: readonly PortableValue[], col: FernetColumn): boolean {
  return col.when === undefined || isTrue(row[col.when]);
}

/**
 * Applies `fn` to the token inside a stored value and stores the result the same way: text stays
 * text, a blob (Zato on SQLite) stays a blob of the ASCII token, a JSON string of a token stays a
 * JSON string. `fn` returns undefined to leave the value unchanged. NULL is left as it is.
 */
export function mapToken(v: PortableValue, json: boolean, fn: (token: string) => string | undefined): PortableValue {
  if (v === null) return v;
  if (typeof v === 'string') {
    if (json && v.startsWith('"')) {
      let inner: unknown;
      try {
        inner = JSON.parse(v);
      } catch {
        return v;
      }
      if (typeof inner !== 'string') return v;
      const out = fn(inner);
      return out === undefined ? v : JSON.stringify(out);
    }
    return fn(v) ?? v;
  }
  if (typeof v === 'object' && 'b' in v) {
    const out = fn(Buffer.from(v.b, 'base64').toString('latin1'));
    return out === undefined ? v : { b: Buffer.from(out, 'latin1').toString('base64') };
  }
  return v;
}
