import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAuthstateError } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Fernet, SecretsConf } from '../src/index.js';

const KEY1 = Fernet.generateKey();
const ORIGINAL = [
  '# Zato secrets — keep this file safe',
  '[secret_keys]',
  `key1 = ${KEY1}`,
  '; a comment inside the section',
  '',
  '[zato]',
  'well_known_data=gAAAAABfake',
  'server_conf.odb.password=zato.secf.gAAAAABxyz',
  '',
  '[other.section]',
  'a=1',
  '',
].join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secrets-conf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SecretsConf', () => {
  test('reads values (dotted keys, dotted section names, trimmed)', () => {
    const conf = SecretsConf.parse(ORIGINAL);
    expect(conf.get('secret_keys', 'key1')).toBe(KEY1);
    expect(conf.get('zato', 'server_conf.odb.password')).toBe('zato.secf.gAAAAABxyz');
    expect(conf.get('other.section', 'a')).toBe('1');
    expect(conf.get('secret_keys', 'sso_key1')).toBeUndefined();
    expect(conf.get('nope', 'key1')).toBeUndefined();
    expect(conf.keys('zato')).toEqual(['well_known_data', 'server_conf.odb.password']);
  });

  test('adding a key changes exactly one line: everything else stays byte-identical', () => {
    const conf = SecretsConf.parse(ORIGINAL);
    const sso = Fernet.generateKey();
    conf.set('secret_keys', 'sso_key1', sso);
    const lines = ORIGINAL.split('\n');
    lines.splice(4, 0, `sso_key1=${sso}`); // after the comment, before the blank line
    expect(conf.toString()).toBe(lines.join('\n'));
    expect(conf.get('secret_keys', 'sso_key1')).toBe(sso);
    expect(conf.get('secret_keys', 'key1')).toBe(KEY1);
  });

  test('replacing a key keeps its spacing and position', () => {
    const conf = SecretsConf.parse(ORIGINAL);
    const k = Fernet.generateKey();
    conf.set('secret_keys', 'key1', k);
    expect(conf.toString()).toBe(ORIGINAL.replace(`key1 = ${KEY1}`, `key1 = ${k}`));
  });

  test('a missing section is appended; CRLF files stay CRLF', () => {
    const crlf = ORIGINAL.replaceAll('\n', '\r\n');
    const conf = SecretsConf.parse(crlf);
    conf.set('new', 'x', 'y');
    expect(conf.toString()).toBe(`${crlf}\r\n[new]\r\nx=y\r\n`);
    expect(conf.toString().startsWith(crlf)).toBe(true);
    expect(conf.get('new', 'x')).toBe('y');
    const empty = SecretsConf.parse('');
    empty.set('secret_keys', 'sso_key1', 'v');
    expect(empty.toString()).toBe('[secret_keys]\nsso_key1=v\n');
  });

  test('refuses values that would not survive the INI round trip', () => {
    const conf = SecretsConf.parse(ORIGINAL);
    for (const v of ['a\nb', 'a;b', 'a#b', ' a']) {
      let code: string | undefined;
      try {
        conf.set('zato', 'x', v);
      } catch (e) {
        code = isAuthstateError(e) ? e.code : 'other';
      }
      expect(code).toBe('INVALID_ARGUMENT');
    }
    expect(conf.toString()).toBe(ORIGINAL);
  });

  test('write() is atomic and mode 0600, read() gets the same back', async () => {
    const path = join(dir, 'secrets.conf');
    await writeFile(path, ORIGINAL, { mode: 0o644 });
    const conf = await SecretsConf.read(path);
    conf.set('secret_keys', 'sso_key1', KEY1);
    await conf.write();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(conf.toString());
    expect((await SecretsConf.read(path)).get('secret_keys', 'sso_key1')).toBe(KEY1);
    await conf.write(join(dir, 'copy.conf'));
    expect(await readFile(join(dir, 'copy.conf'), 'utf8')).toBe(text);
  });

  test('read() of a missing file is NOT_FOUND', async () => {
    await expect(SecretsConf.read(join(dir, 'missing.conf'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
