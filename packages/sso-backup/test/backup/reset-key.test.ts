// zato_sso_password_reset.reset_key both ways through a rekeyed restore. Zato 3.2's
// PasswordResetAPI.create_token stores it PLAIN (`new_prt_reset_key()`, a `zprtrkey…` id;
// access_token encrypts it only on the way out, change_password decrypts the caller's copy and
// compares it with the plain column); FACTS §7 lists it as Fernet-encrypted. A plain one must come
// through unchanged (a token-looking rewrite would break every pending reset), an encrypted one
// must be re-encrypted under the target's key.

import { join } from 'node:path';
import { Fernet } from '@authstate/secrets-conf';
import { populateFixtures } from '@authstate/test-support/zato';
import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { backup, restore } from '../../src/backup/index.js';
import { openZatoDatabase } from '../../src/zato/index.js';
import { key1Of, key1Only } from './key-layouts.js';
import { type TestServer, useServers } from './servers.js';

const server = useServers();
const RESET = 'zato_sso_password_reset.reset_key';

async function withResets(encryptResetKey: boolean): Promise<TestServer> {
  const s = await server('sqlite');
  const zdb = await openZatoDatabase({ serverDir: s.dir });
  try {
    await populateFixtures(zdb, s.key, { users: 3, attrsPerUser: 1, rounds: 1000, encryptResetKey });
  } finally {
    await zdb.close();
  }
  return s;
}

function resetKeys(s: TestServer): string[] {
  const db = new Database(join(s.dir, 'zato.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT reset_key FROM zato_sso_password_reset ORDER BY id').all() as { reset_key: string | Buffer }[];
    return rows.map((r) => (typeof r.reset_key === 'string' ? r.reset_key : r.reset_key.toString('latin1')));
  } finally {
    db.close();
  }
}

/** Backs `src` up and restores it into a fresh key1-only (Zato 3.2) server: a rekey. */
async function rekeyedCopy(src: TestServer) {
  const file = join(src.dir, '..', 'sso.bundle');
  await backup(src.dir, file);
  const dst = await server('sqlite');
  await key1Only(dst);
  const summary = await restore(file, dst.dir);
  expect(summary.keyAction).toBe('rekey');
  return { dst, summary };
}

describe('reset_key through a rekeyed restore', () => {
  test('plain, as Zato 3.2 stores it: left byte for byte and counted as left as is', async () => {
    const src = await withResets(false);
    const before = resetKeys(src);
    expect(before.length).toBeGreaterThan(0);
    for (const k of before) expect(k).toMatch(/^zprtrkey/);
    const { dst, summary } = await rekeyedCopy(src);
    expect(resetKeys(dst)).toEqual(before);
    expect(summary.rekey?.leftAsIs[RESET]).toBe(before.length);
    expect(summary.rekey?.reencrypted[RESET]).toBeUndefined();
  }, 600_000);

  test('Fernet-encrypted, as FACTS §7 lists it: re-encrypted under the target key1, same plaintext', async () => {
    const src = await withResets(true);
    const before = resetKeys(src);
    const plain = before.map((t) => new Fernet(src.key).decrypt(t).toString('utf8'));
    for (const k of plain) expect(k).toMatch(/^zprtrkey/);
    const { dst, summary } = await rekeyedCopy(src);
    const key1 = await key1Of(dst);
    expect(resetKeys(dst).map((t) => new Fernet(key1).decrypt(t).toString('utf8'))).toEqual(plain);
    expect(summary.rekey?.reencrypted[RESET]).toBe(before.length);
    expect(summary.rekey?.leftAsIs[RESET]).toBeUndefined();
  }, 600_000);
});
