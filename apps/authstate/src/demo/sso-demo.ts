import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAuthstateError } from '@authstate/oocd-core';
import { SecretsConf, ssoKeyOf } from '@authstate/secrets-conf';
import { loadSsoBackup } from '../sso/load.js';
import { check } from './check.js';
import type { DemoReporter } from './reporter.js';

async function ssoKeyOfServer(serverDir: string): Promise<string> {
  return (await ssoKeyOf(await SecretsConf.read(join(serverDir, 'config/repo/secrets.conf')))).key;
}

/**
 * The SSO half of the demo, as the seed's manual procedure automated: a server with sample users
 * (SQLite), a backup bundle, a second new server restored from it, and a login there with the
 * user's password, which only works if the SSO key travelled with the data.
 */
export async function runSsoDemo(dir: string, report: DemoReporter): Promise<void> {
  report.section('Zato SSO: back up one server, restore into a new one, log in there');
  const { initServer, backup, restore, verify, login } = await loadSsoBackup();
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

  const restored = await restore(bundle, server2, { passphrase, force: true, keyAction: 'write' });
  const report2 = await verify(bundle, server2, { passphrase });
  check(report2.ok, 'the restored tables match the backup');
  report.step(
    `restore (--force: replaces the new server's own sso_key1) and verify: ${restored.tables.length} tables match`,
    'every row arrived; row counts and checksums equal the backup',
  );

  const keyAfter = await ssoKeyOfServer(server2);
  check(keyAfter !== keyBefore && keyAfter === (await ssoKeyOfServer(server1)), 'server2 now has server1’s SSO key as sso_key1');
  const result = await login(server2, user.username, { password: user.password });
  check(result.username === user.username && result.ust.startsWith('gAAAAA'), 'login returns a Fernet-encrypted session token');
  report.step(
    `login ${user.username} on ${server2} → User logged in (user_id ${result.user_id})`,
    'the SSO key travelled: the restored, encrypted password hash decrypts and verifies',
  );

  const oldKey = await login(server2, user.username, { password: user.password, key: keyBefore }).then(
    () => 'succeeded',
    (e: unknown) => (isAuthstateError(e) ? e.code : 'failed'),
  );
  check(oldKey === 'WRONG_KEY', `logging in with the new server's original key fails (got ${oldKey})`);
  report.step(`login with server2's original key → ${oldKey}`, 'without the travelled key the data would be unreadable');
  const passwordFile = join(dir, `${user.username}.password`);
  await writeFile(passwordFile, `${user.password}\n`, { mode: 0o600 });
  report.detail(`try: authstate sso login ${server2} ${user.username} --password-file ${passwordFile}`);
  report.detail(`     authstate sso verify ${bundle} ${server2} --passphrase-file ${passphraseFile}`);
}
