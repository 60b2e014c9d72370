// When `sso restore` / `sso verify` ask for a passphrase: the bundle's clear header is read first,
// so only an encrypted bundle ever prompts (on a terminal), and an encrypted bundle with no
// passphrase at all is a usage error (exit 2) naming the options that give one.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { BUNDLE_PROMPT, backupFileKind, passphraseSources } from '../src/sso/bundle-passphrase.js';
import { runCli, tempDir } from './helpers/cli.js';
import { runOnTerminal } from './helpers/terminal.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const p = (name: string) => join(tmp.dir, name);
const PASSPHRASE = 'correct horse battery staple';
// The prompt's text (the same before this change); case-sensitive: messages say "passphrase".
const PROMPT = /Passphrase of the bundle:/;

beforeAll(async () => {
  tmp = await tempDir('authstate-pp-');
  await writeFile(p('pass'), `${PASSPHRASE}\n`, { mode: 0o600 });
  expect((await runCli(['sso', 'init-server', p('src'), '--users', '1'])).code).toBe(0);
  const made = await Promise.all([
    runCli(['sso', 'backup', p('src'), '--out', p('enc.bundle'), '--passphrase-file', p('pass')]),
    runCli(['sso', 'backup', p('src'), '--out', p('plain.bundle'), '--unencrypted']),
    ...['t-plain', 't-enc', 't-sql', 't-bad', 't-none'].map((s) => runCli(['sso', 'init-server', p(s)])),
  ]);
  for (const r of made) expect(r).toMatchObject({ code: 0 });
  await writeFile(p('dump.sql'), 'DELETE FROM sec_base;\n');
  // A bundle whose clear header was changed (one byte of its JSON): refused as damaged.
  const bad = await readFile(p('enc.bundle'));
  const at = bad.indexOf('"format"');
  bad.writeUInt8((bad.readUInt8(at + 1) ^ 0x20) & 0xff, at + 1);
  await writeFile(p('bad.bundle'), bad);
}, 600_000);
afterAll(async () => tmp?.cleanup());

describe('the decision, from the file alone', () => {
  test('the kind of a backup file comes from its first bytes and clear header', async () => {
    expect(await backupFileKind(p('enc.bundle'))).toBe('encrypted-bundle');
    expect(await backupFileKind(p('plain.bundle'))).toBe('unencrypted-bundle');
    expect(await backupFileKind(p('dump.sql'))).toBe('not-a-bundle');
    await expect(backupFileKind(p('bad.bundle'))).rejects.toMatchObject({ code: 'CORRUPT' });
    await expect(backupFileKind(p('missing.bundle'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('only an encrypted bundle may prompt; file and environment are read for every kind', () => {
    expect(passphraseSources('encrypted-bundle', 'f')).toEqual({
      file: 'f',
      envName: 'AUTHSTATE_PASSPHRASE',
      what: 'passphrase',
      prompt: BUNDLE_PROMPT,
    });
    for (const kind of ['unencrypted-bundle', 'not-a-bundle'] as const) {
      expect(passphraseSources(kind, undefined)).toEqual({ file: undefined, envName: 'AUTHSTATE_PASSPHRASE', what: 'passphrase' });
    }
  });
});

describe('sso restore / verify without a passphrase, as subprocesses', () => {
  test('an encrypted bundle with no passphrase and no terminal: exit 2 naming --passphrase-file and AUTHSTATE_PASSPHRASE, target untouched', async () => {
    const db = await readFile(join(p('t-none'), 'zato.db'));
    const [restore, verify, emptyEnv] = await Promise.all([
      runCli(['sso', 'restore', p('enc.bundle'), p('t-none')]),
      runCli(['sso', 'verify', p('enc.bundle'), p('src')]),
      runCli(['sso', 'restore', p('enc.bundle'), p('t-none')], { env: { AUTHSTATE_PASSPHRASE: '' } }),
    ]);
    for (const r of [restore, verify, emptyEnv]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /enc\.bundle is encrypted and no passphrase was given: pass --passphrase-file FILE .* set AUTHSTATE_PASSPHRASE/,
      );
      expect(r.stderr).not.toMatch(PROMPT);
    }
    expect(await readFile(join(p('t-none'), 'zato.db'))).toEqual(db);
  }, 600_000);

  test('with the passphrase in the environment, the same restore runs (exit 0)', async () => {
    const r = await runCli(['sso', 'restore', p('enc.bundle'), p('t-enc')], { env: { AUTHSTATE_PASSPHRASE: PASSPHRASE } });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/restored 7 tables, 1 rows/);
  }, 600_000);
});

// On a real (pseudo-)terminal, where a prompt would appear and wait: a run that shows the prompt
// when it must not is ended there and fails, instead of hanging.
describe('sso restore on a terminal', () => {
  test('an unencrypted bundle never prompts: it is restored (exit 0)', async () => {
    const r = await runOnTerminal(['sso', 'restore', p('plain.bundle'), p('t-plain')], { stopAt: PROMPT });
    expect(r.output).not.toMatch(PROMPT);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/restored 7 tables, 1 rows/);
  }, 600_000);

  test('a file that is not a bundle, or a damaged one, is refused before any prompt (exit 1)', async () => {
    const [sql, bad] = await Promise.all([
      runOnTerminal(['sso', 'restore', p('dump.sql'), p('t-sql')], { stopAt: PROMPT }),
      runOnTerminal(['sso', 'restore', p('bad.bundle'), p('t-bad')], { stopAt: PROMPT }),
    ]);
    expect(sql.output).not.toMatch(PROMPT);
    expect(sql.code).toBe(1);
    expect(sql.output).toMatch(/not an authstate bundle; pass --plain-sql/);
    expect(bad.output).not.toMatch(PROMPT);
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/bad\.bundle is damaged or was tampered with/);
  }, 600_000);

  test('an encrypted bundle prompts, and the typed passphrase opens it (exit 0)', async () => {
    const r = await runOnTerminal(['sso', 'restore', p('enc.bundle'), p('t-enc'), '--force'], {
      answer: { when: PROMPT, text: PASSPHRASE },
    });
    expect(r.output).toContain(BUNDLE_PROMPT);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/restored 7 tables, 1 rows/);
  }, 600_000);
});
