import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, serverKinds, type TestDatabase } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDir } from './helpers/cli.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const p = (name: string) => join(tmp.dir, name);
let users: { username: string; password: string; userId: string }[] = [];
const PASSPHRASE = 'correct horse battery staple';

/** The SSO key a server's Zato uses: [secret_keys] sso_key1, else key1. */
async function ssoKey1(serverDir: string): Promise<string> {
  const text = await readFile(join(serverDir, 'config/repo/secrets.conf'), 'utf8');
  return (/^sso_key1\s*=\s*(\S+)/m.exec(text) ?? /^key1\s*=\s*(\S+)/m.exec(text))?.[1] as string;
}

beforeAll(async () => {
  tmp = await tempDir();
  await writeFile(p('pass'), `${PASSPHRASE}\n`, { mode: 0o600 });
  const r = await runCli(['sso', 'init-server', p('s1'), '--users', '2', '--sso-key', '--json']);
  expect(r.code).toBe(0);
  users = JSON.parse(r.stdout).users;
  expect(users).toHaveLength(2);
  await writeFile(p('pw1'), `${users[0]?.password}\n`, { mode: 0o600 });
}, 600_000);
afterAll(async () => tmp?.cleanup());

describe('sso commands as subprocesses (SQLite servers)', () => {
  test('init-server prints the sample users once, without --json as a table', async () => {
    const r = await runCli(['sso', 'init-server', p('s-table'), '--users', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created Zato server .*\nuser1\t\S+\tzusr[0-9a-z]+\n$/);
    expect(r.stderr).toMatch(/shown only now/);
    const again = await runCli(['sso', 'init-server', p('s-table')]);
    expect(again.code).not.toBe(0);
  }, 600_000);

  test('init-server makes Zato 3.2’s layout (key1 only) by default, --sso-key adds sso_key1; login uses the key Zato would', async () => {
    const [plain, withSso] = await Promise.all([
      runCli(['sso', 'init-server', p('s-key1'), '--users', '1', '--json']),
      runCli(['sso', 'init-server', p('s-sso'), '--users', '1', '--sso-key']),
    ]);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).activeKey).toBe('key1');
    const text = await readFile(join(p('s-key1'), 'config/repo/secrets.conf'), 'utf8');
    expect(text).toMatch(/^\[secret_keys\]\nkey1=\S+\n\n\[zato\]\nwell_known_data=gAAAAA\S+ # Pi number\n/m);
    expect(text).not.toMatch(/sso_key1/);
    expect(withSso.code).toBe(0);
    expect(withSso.stdout).toMatch(/^created Zato server .* \(SSO data encrypted with \[secret_keys\] sso_key1\)\n/);
    expect(await ssoKey1(p('s-sso'))).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    const user = JSON.parse(plain.stdout).users[0];
    await writeFile(p('pw-key1'), `${user.password}\n`, { mode: 0o600 });
    await writeFile(p('other.key'), `${await ssoKey1(p('s-sso'))}\n`, { mode: 0o600 });
    const [ok, other] = await Promise.all([
      runCli(['sso', 'login', p('s-key1'), user.username, '--password-file', p('pw-key1'), '--json']),
      runCli(['sso', 'login', p('s-key1'), user.username, '--sso-secret-key-file', p('other.key')]),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).user_id).toBe(user.userId);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/does not decrypt/);
  }, 600_000);

  test('backup needs a passphrase (never on argv); --format sql warns the key is not in it', async () => {
    // Four independent backups of the same server, as concurrent processes.
    const [none, argv, ok, sql] = await Promise.all([
      runCli(['sso', 'backup', p('s1'), '--out', p('none.bundle')]),
      runCli(['sso', 'backup', p('s1'), '--out', p('x.bundle'), '--passphrase', 'secret']),
      runCli(['sso', 'backup', p('s1'), '--out', p('b.bundle')], { env: { AUTHSTATE_PASSPHRASE: PASSPHRASE } }),
      runCli(['sso', 'backup', p('s1'), '--out', p('dump.sql'), '--format', 'sql']),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--passphrase-file FILE or AUTHSTATE_PASSPHRASE/);
    expect(argv.code).toBe(2);

    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/backed up 7 tables, 2 rows from sqlite/);
    expect(ok.stdout).toMatch(/encrypted, key from sso_key1/);
    expect(await readFile(p('b.bundle'))).not.toContain(Buffer.from(await ssoKey1(p('s1'))));

    expect(sql.code).toBe(0);
    expect(sql.stderr).toMatch(/key is NOT in it/);
    expect(await readFile(p('dump.sql'), 'utf8')).toMatch(/DROP TABLE IF EXISTS zato_sso_user;/);
  }, 600_000);

  test('--format sql prints row counts; --checksums adds the checksums a bundle and the restore of the dump give', async () => {
    type Tables = { name: string; rows: number; sha256?: string }[];
    const [plain, summed, bundle] = await Promise.all([
      runCli(['sso', 'backup', p('s1'), '--out', p('plain.sql'), '--format', 'sql']),
      runCli(['sso', 'backup', p('s1'), '--out', p('summed.sql'), '--format', 'sql', '--checksums', '--json']),
      runCli(['sso', 'backup', p('s1'), '--out', p('u.bundle'), '--unencrypted', '--json']),
    ]);
    expect([plain.code, summed.code, bundle.code]).toEqual([0, 0, 0]);
    expect(plain.stdout).toMatch(/^ {2}zato_sso_user: 2 rows$/m);
    expect(plain.stdout).not.toMatch(/sha256/);
    // the same dump either way
    expect(await readFile(p('summed.sql'), 'utf8')).toBe(await readFile(p('plain.sql'), 'utf8'));
    const sums = (JSON.parse(summed.stdout) as { tables: Tables }).tables;
    expect(sums.every((t) => /^[0-9a-f]{64}$/.test(t.sha256 ?? ''))).toBe(true);
    expect(sums).toEqual((JSON.parse(bundle.stdout) as { tables: Tables }).tables);
    expect((await runCli(['sso', 'init-server', p('s9')])).code).toBe(0);
    const restored = await runCli(['sso', 'restore', p('plain.sql'), p('s9'), '--plain-sql', '--json']);
    expect(restored.code).toBe(0);
    expect((JSON.parse(restored.stdout) as { tables: Tables }).tables).toEqual(sums);
  }, 600_000);

  test('restore into a new server needs no --force (key action write), verify, login proves the key travelled; a second restore is refused (exit 3)', async () => {
    expect((await runCli(['sso', 'init-server', p('s2'), '--sso-key'])).code).toBe(0);
    const originalKey = await ssoKey1(p('s2'));
    const r = await runCli(['sso', 'restore', p('b.bundle'), p('s2'), '--passphrase-file', p('pass'), '--key-action', 'write']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/restored 7 tables, 2 rows/);
    expect(r.stdout).toMatch(/key action: write — the backup's SSO key is now \[secret_keys\] sso_key1 .*; the target uses sso_key1/);
    expect(await ssoKey1(p('s2'))).toBe(await ssoKey1(p('s1')));
    // Now the target holds SSO rows: refused without --force (exit 3), and a wrong passphrase (exit 1), concurrently.
    const conf = await readFile(join(p('s2'), 'config/repo/secrets.conf'));
    const db = await readFile(join(p('s2'), 'zato.db'));
    const [refused, wrong] = await Promise.all([
      runCli(['sso', 'restore', p('b.bundle'), p('s2'), '--passphrase-file', p('pass')]),
      runCli(['sso', 'restore', p('b.bundle'), p('s2'), '--force'], { env: { AUTHSTATE_PASSPHRASE: 'wrong' } }),
    ]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/already holds SSO data: zato_sso_user \(2 rows\).*--force/);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readFile(join(p('s2'), 'config/repo/secrets.conf'))).toEqual(conf);
    expect(await readFile(join(p('s2'), 'zato.db'))).toEqual(db);

    // Verify (before any login adds sessions) the restored server and an empty one; then five
    // logins on the restored server, concurrently.
    const [v, empty] = await Promise.all([
      runCli(['sso', 'verify', p('b.bundle'), p('s2'), '--passphrase-file', p('pass')]),
      runCli(['sso', 'verify', p('b.bundle'), p('s-table'), '--passphrase-file', p('pass')]),
    ]);
    const user = users[0]?.username as string;
    const key1 = await ssoKey1(p('s1'));
    await writeFile(p('old.key'), `${originalKey}\n`);
    const [login, json, oldKey, viaEnv, viaArgv] = await Promise.all([
      runCli(['sso', 'login', p('s2'), user, '--password-file', p('pw1')]),
      runCli(['sso', 'login', p('s2'), user, '--password-stdin', '--json'], { input: `${users[0]?.password}\n` }),
      runCli(['sso', 'login', p('s2'), user, '--sso-secret-key-file', p('old.key')]),
      runCli(['sso', 'login', p('s2'), user, '--sso-secret-key-env', 'MY_SSO_SECRET_KEY'], { env: { MY_SSO_SECRET_KEY: key1 } }),
      runCli(['sso', 'login', p('s2'), user, '--sso-secret-key', key1, '--json']),
    ]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^ok {3}zato_sso_user: 2\/2 rows$/m);
    expect(v.stdout).not.toMatch(/compared by plaintext/);

    expect(login.code).toBe(0);
    expect(login.stdout.startsWith('User logged in {')).toBe(true);
    const obj = JSON.parse(login.stdout.slice('User logged in '.length));
    expect(obj).toMatchObject({ username: user, user_id: users[0]?.userId, has_w_about_to_exp: false });
    expect(Object.keys(obj)).toEqual(['username', 'user_id', 'ust', 'creation_time', 'expiration_time', 'has_w_about_to_exp']);

    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).username).toBe(user);

    expect(oldKey.code).toBe(1);
    expect(oldKey.stderr).toMatch(/does not decrypt/);
    expect(oldKey.stderr).not.toContain(originalKey);

    expect(viaEnv.code).toBe(0);
    expect(viaArgv.code).toBe(0);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/^DIFF zato_sso_user/m);
  }, 300_000);

  test('a key1-only target (Zato 3.2) is rekeyed by default: secrets.conf untouched, login with its key1, verify by plaintext', async () => {
    expect((await runCli(['sso', 'init-server', p('s5')])).code).toBe(0);
    const confPath = join(p('s5'), 'config/repo/secrets.conf');
    await writeFile(confPath, (await readFile(confPath, 'utf8')).replace(/^sso_key1\s*=.*\n/m, ''), { mode: 0o600 });
    const conf = await readFile(confPath, 'utf8');
    const r = await runCli(['sso', 'restore', p('b.bundle'), p('s5'), '--passphrase-file', p('pass')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /key action: rekey — \d+ Fernet values re-encrypted under the target's own key1 \(secrets.conf unchanged; the target uses key1\)/,
    );
    expect(await readFile(confPath, 'utf8')).toBe(conf);
    const json = await runCli(['sso', 'restore', p('b.bundle'), p('s5'), '--passphrase-file', p('pass'), '--force', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      keyAction: 'rekey',
      targetKey: 'key1',
      replaced: [{ name: 'zato_sso_user', rows: 2 }],
    });
    // verify first: a login adds a session row
    const v = await runCli(['sso', 'verify', p('b.bundle'), p('s5'), '--passphrase-file', p('pass')]);
    const login = await runCli(['sso', 'login', p('s5'), users[0]?.username as string, '--password-file', p('pw1')]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/compared by plaintext \(the data was re-encrypted under the server's key1.*zato_sso_user\.password/);
    expect(login.code).toBe(0);
  }, 600_000);

  test('refusals that change nothing: a running server (exit 3, even with --force), a plain file without --plain-sql (exit 1)', async () => {
    expect((await runCli(['sso', 'init-server', p('s6')])).code).toBe(0);
    await writeFile(p('evil.sql'), 'DELETE FROM sec_base;\n');
    const db = await readFile(join(p('s6'), 'zato.db'));
    await writeFile(join(p('s6'), 'pidfile'), `${process.pid}\n`);
    const [running, plain, help] = await Promise.all([
      runCli(['sso', 'restore', p('b.bundle'), p('s6'), '--passphrase-file', p('pass'), '--force']),
      runCli(['sso', 'restore', p('evil.sql'), p('s-table'), '--passphrase-file', p('pass')]),
      runCli(['sso', 'restore', '--help']),
    ]);
    expect(running.code).toBe(3);
    expect(running.stderr).toMatch(/stop the server first; restore before it starts/);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/not an authstate bundle; pass --plain-sql/);
    expect(await readFile(join(p('s6'), 'zato.db'))).toEqual(db);
    for (const o of ['--key-action', 'auto', 'rekey', '--plain-sql', '--skip-linked-auth', '--force', 'pidfile'])
      expect(help.stdout).toContain(o);
  }, 600_000);

  test('login errors: wrong password 1, no such user 3, env names starting with ZATO refused 2', async () => {
    await writeFile(p('bad.pw'), 'not the password\n');
    const names = ['ZATO_KEY', 'zato_key', 'ZaToX'];
    const [bad, nobody, help, ...zato] = await Promise.all([
      runCli(['sso', 'login', p('s1'), users[0]?.username as string, '--password-file', p('bad.pw')]),
      runCli(['sso', 'login', p('s1'), 'nobody']),
      runCli(['sso', 'login', '--help']),
      ...names.map((name) => runCli(['sso', 'login', p('s1'), 'user1', '--sso-secret-key-env', name], { env: { [name]: 'x' } })),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).not.toContain('not the password');
    expect(nobody.code).toBe(3);
    names.forEach((name, i) => {
      const r = zato[i] as Awaited<ReturnType<typeof runCli>>;
      expect({ name, code: r.code }).toEqual({ name, code: 2 });
      expect(r.stderr).toMatch(/reserved by Zato/);
    });
    expect(help.stdout).toMatch(/visible to other users/);
  }, 600_000);

  test('restore --key-action print prints the key instead of writing it', async () => {
    expect((await runCli(['sso', 'init-server', p('s4'), '--sso-key'])).code).toBe(0);
    const before = await ssoKey1(p('s4'));
    const conf = await readFile(join(p('s4'), 'config/repo/secrets.conf'), 'utf8');
    const r = await runCli(['sso', 'restore', p('b.bundle'), p('s4'), '--passphrase-file', p('pass'), '--key-action', 'print']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/key action: print — no key written/);
    expect(r.stderr).toMatch(/--sso-secret-key \$MY_SSO_SECRET_KEY/);
    expect(await readFile(join(p('s4'), 'config/repo/secrets.conf'), 'utf8')).toBe(conf);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(await ssoKey1(p('s1')));
    expect(await ssoKey1(p('s4'))).toBe(before);
  }, 600_000);
});

describe.each(serverKinds())('sso restore into %s (--url, across engines)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind, 'sso');
  });
  afterAll(async () => db?.drop());

  test('restore and verify', async () => {
    const url = db.url;
    expect((await runCli(['sso', 'init-server', p(`srv-${kind}`), '--url', url])).code).toBe(0);
    const r = await runCli(['sso', 'restore', p('b.bundle'), p(`srv-${kind}`), '--passphrase-file', p('pass'), '--url', url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/across database engines/);
    const v = await runCli(['sso', 'verify', p('b.bundle'), p(`srv-${kind}`), '--passphrase-file', p('pass'), '--url', url, '--json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).ok).toBe(true);
  }, 600_000);
});
