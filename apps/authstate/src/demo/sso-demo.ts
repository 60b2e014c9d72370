import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAuthstateError } from '@authstate/oocd-core';
import { loadSsoBackup } from '../sso/load.js';
import { describeKeyAction } from '../sso/restore-report.js';
import { check } from './check.js';
import type { DemoReporter } from './reporter.js';

/**
 * The SSO half of the demo, as the seed's manual procedure automated: a server with sample users
 * (SQLite), a backup bundle, a second new server restored from it, and a login there with the
 * user's password, which only works if the SSO key travelled with the data.
 */
export async function runSsoDemo(dir: string, report: DemoReporter): Promise<void> {
  report.section('Zato SSO: back up one server, restore into a new one, log in there');
  const { initServer, backup, restore, verify, login, readSsoKey } = await loadSsoBackup();
  const ssoKeyOfServer = async (serverDir: string) => (await readSsoKey(serverDir)).key;
  const server1 = join(dir, 'server1');
  const server2 = join(dir, 'server2');
  const bundle = join(dir, 'sso-backup.bundle');
  const passphraseFile = join(dir, 'passphrase.txt');

  const { users } = await initServer(server1, { users: 3 });
  const user = users[0];
  check(user !== undefined, 'init-server created sample users');
  if (!user) return;
  report.step(
    `init-server ${server1} with ${users.length} users (${users.map((u) => u.username).join(', ')})`,
    'a Zato-like server: server.conf, secrets.conf with fresh keys, SQLite zato.db with the Zato 3.2 SSO schema',
  );

  const passphrase = randomBytes(18).toString('base64url');
  await writeFile(passphraseFile, `${passphrase}\n`, { mode: 0o600 });
  const summary = await backup(server1, bundle, { passphrase, format: 'bundle' });
  const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
  check(summary.encrypted && summary.tables.length === 7, 'the bundle is encrypted and holds the 7 SSO tables');
  report.step(
    `backup → ${bundle}: ${summary.tables.length} tables, ${rows} rows, key from ${summary.keyFrom}, encrypted`,
    'tables and the SSO key are in one passphrase-protected file',
  );

  await initServer(server2);
  const keyBefore = await ssoKeyOfServer(server2);
  const loginBefore = await login(server2, user.username, { password: user.password }).then(
    () => 'succeeded',
    (e: unknown) => (isAuthstateError(e) ? e.code : 'failed'),
  );
  check(loginBefore !== 'succeeded', 'the new server does not know the user before the restore');
  report.step(`init-server ${server2}; login ${user.username} there → ${loginBefore}`, 'the second server is new: its own keys, no users');

  const restored = await restore(bundle, server2, { passphrase });
  const report2 = await verify(bundle, server2, { passphrase });
  check(report2.ok, 'the restored tables match the backup');
  check(restored.replaced.length === 0, 'the new server held no SSO data, so no --force was needed');
  report.step(
    `restore (no --force: a fresh server) and verify: ${restored.tables.length} tables match${report2.fernetByPlaintext ? ' (Fernet columns by plaintext)' : ''}`,
    'every row arrived; row counts and checksums equal the backup',
  );
  const keyLine = describeKeyAction(restored)[0] ?? '';
  report.step(
    keyLine,
    restored.keyAction === 'rekey'
      ? "the server keeps its own key1 (all Zato 3.2/3.3 read); the restored data was re-encrypted under it in the restore's transaction"
      : 'the server reads sso_key1, which is now the old server’s key',
  );

  const keyAfter = await ssoKeyOfServer(server2);
  const oldServerKey = await ssoKeyOfServer(server1);
  check(
    restored.keyAction === 'rekey' ? keyAfter === keyBefore : keyAfter === oldServerKey,
    `server2's active SSO key after the ${restored.keyAction}: ${restored.keyAction === 'rekey' ? 'its own' : 'server1’s'}`,
  );
  const result = await login(server2, user.username, { password: user.password });
  check(result.username === user.username && result.ust.startsWith('gAAAAA'), 'login returns a Fernet-encrypted session token');
  report.step(
    `login ${user.username} on ${server2} → User logged in (user_id ${result.user_id})`,
    `the restored, encrypted password hash decrypts with the key server2's Zato reads (${restored.targetKey}) and verifies`,
  );

  const [otherName, otherKey] = restored.keyAction === 'rekey' ? ['server1’s key', oldServerKey] : ["server2's original key", keyBefore];
  const other = await login(server2, user.username, { password: user.password, key: otherKey }).then(
    () => 'succeeded',
    (e: unknown) => (isAuthstateError(e) ? e.code : 'failed'),
  );
  check(other === 'WRONG_KEY', `logging in with ${otherName} fails (got ${other})`);
  report.step(`login with ${otherName} → ${other}`, 'only the key the server uses opens the restored data');
  const passwordFile = join(dir, `${user.username}.password`);
  await writeFile(passwordFile, `${user.password}\n`, { mode: 0o600 });
  report.detail(`try: authstate sso login ${server2} ${user.username} --password-file ${passwordFile}`);
  report.detail(`     authstate sso verify ${bundle} ${server2} --passphrase-file ${passphraseFile}`);
}
