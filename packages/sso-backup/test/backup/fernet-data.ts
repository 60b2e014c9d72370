import { Fernet } from '@authstate/secrets-conf';
import { FERNET_COLUMNS } from '../../src/backup/index.js';
import { openZatoDatabase } from '../../src/zato/index.js';
import type { TableDump, TestServer } from './servers.js';

/**
 * Makes sure a fixture server's Fernet values are shaped the way Zato 3.2 writes every one of
 * them (FACTS §7), whatever the fixtures wrote: `password_reset.reset_key` a token under the SSO
 * key; encrypted attributes stored as the JSON string of their token (one left as a bare token,
 * which older data may hold); plus values that are NOT tokens under the key — a plain email (as
 * with encrypt_email=False, stored as text) and an encrypted attribute holding garbage — which a
 * rekey must leave alone. Returns how many of those there are.
 */
export async function zatoShapedFernetValues(s: TestServer): Promise<{ notTokens: Record<string, number> }> {
  const fernet = new Fernet(s.key);
  const isToken = (v: unknown) => typeof v === 'string' && v.startsWith('gAAAAA');
  const zdb = await openZatoDatabase({ serverDir: s.dir });
  try {
    const resets = await zdb.db.selectFrom('zato_sso_password_reset').select(['id', 'reset_key']).execute();
    for (const r of resets.filter((x) => !isToken(x.reset_key))) {
      await zdb.db
        .updateTable('zato_sso_password_reset')
        .set({ reset_key: fernet.encrypt(`reset-${r.id}`) })
        .where('id', '=', r.id)
        .execute();
    }
    const attrs = await zdb.db
      .selectFrom('zato_sso_attr')
      .select(['id', 'value'])
      .where('is_encrypted', '=', zdb.dialect.bool(true))
      .where('value', 'is not', null)
      .orderBy('id')
      .execute();
    for (const a of attrs) {
      if (isToken(a.value))
        await zdb.db
          .updateTable('zato_sso_attr')
          .set({ value: JSON.stringify(a.value) })
          .where('id', '=', a.id)
          .execute();
    }
    const bare = attrs.at(0);
    if (bare) {
      const token = isToken(bare.value) ? bare.value : JSON.parse(bare.value as string);
      await zdb.db.updateTable('zato_sso_attr').set({ value: token }).where('id', '=', bare.id).execute();
    }
    const garbageAttr = attrs.length > 1 ? attrs.at(-1) : undefined;
    if (garbageAttr) await zdb.db.updateTable('zato_sso_attr').set({ value: '"not-a-token"' }).where('id', '=', garbageAttr.id).execute();
    const user = s.users.at(-2);
    if (!user) throw new Error('fixtures without users');
    await zdb.db.updateTable('zato_sso_user').set({ email: 'plain@example.com' }).where('id', '=', user.id).execute();
    return { notTokens: { 'zato_sso_user.email': 1, 'zato_sso_attr.value': garbageAttr ? 1 : 0 } };
  } finally {
    await zdb.close();
  }
}

const isTrue = (v: unknown) => v === true || v === 1 || v === '1';

/**
 * A dump with each Fernet value that `key` decrypts replaced by `{plain, stored}` (stored: `blob`,
 * `text` or `json` — how the token was kept), so two dumps compare equal exactly when every
 * such value holds the same plaintext, stored the same way, and every other value is identical.
 */
export function withPlaintext(d: TableDump, key: string): TableDump {
  const f = new Fernet(key);
  const open = (token: string): string | undefined => {
    try {
      return f.decrypt(token).toString('utf8');
    } catch {
      return undefined;
    }
  };
  const out: TableDump = {};
  for (const [t, rows] of Object.entries(d)) {
    const cols = FERNET_COLUMNS[t] ?? [];
    out[t] = rows.map((r) => {
      const row = { ...r };
      for (const c of cols) {
        const v = row[c.column];
        if (v === null || v === undefined || (c.when && !isTrue(row[c.when]))) continue;
        if (typeof v === 'object' && 'blob' in (v as object)) {
          const plain = open((v as { blob: string }).blob);
          if (plain !== undefined) row[c.column] = { plain, stored: 'blob' };
        } else if (typeof v === 'string') {
          const json = c.json && v.startsWith('"');
          const plain = open(json ? (JSON.parse(v) as string) : v);
          if (plain !== undefined) row[c.column] = { plain, stored: json ? 'json' : 'text' };
        }
      }
      return row;
    });
  }
  return out;
}

/** How many values of a dump's Fernet columns `key` decrypts, per `table.column`. */
export function countTokens(d: TableDump, key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [t, rows] of Object.entries(withPlaintext(d, key))) {
    for (const r of rows) {
      for (const c of FERNET_COLUMNS[t] ?? []) {
        const v = r[c.column];
        if (v && typeof v === 'object' && 'plain' in v) counts[`${t}.${c.column}`] = (counts[`${t}.${c.column}`] ?? 0) + 1;
      }
    }
  }
  return counts;
}
