import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AtomicFile, Fernet, IniFile, SecretsConf, ssoKeyOf, writeFileAtomic } from '../src/index.js';

const KEY1 = Fernet.generateKey();
const SSO = Fernet.generateKey();
const LINES = ['[secret_keys]', `key1=${KEY1}`, `sso_key1 = ${SSO}`, '', '[zato]', 'well_known_data=gAAAAABfake', ''];
const BOM = '\ufeff';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ini-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The bug this guards: with a BOM, one reader saw no [secret_keys] (so no sso_key1 to protect)
// while the editor found and replaced it. Now reading and editing are one set of rules.
describe.each([
  ['LF', ''],
  ['BOM', BOM],
])('%s', (_bomName, bom) => {
  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('%s line endings: every key is read, and an edit changes one line and keeps BOM and endings', async (_eolName, eol) => {
    const text = bom + LINES.join(eol);
    const conf = SecretsConf.parse(text);
    expect(conf.get('secret_keys', 'key1')).toBe(KEY1);
    expect(conf.get('secret_keys', 'sso_key1')).toBe(SSO);
    expect(conf.keys('secret_keys')).toEqual(['key1', 'sso_key1']);
    expect((await ssoKeyOf(conf)).from).toBe('sso_key1');
    expect(conf.toString()).toBe(text);

    const other = Fernet.generateKey();
    conf.set('secret_keys', 'sso_key1', other);
    expect(conf.toString()).toBe(bom + LINES.join(eol).replace(`sso_key1 = ${SSO}`, `sso_key1 = ${other}`));
    conf.set('zato', 'new_key', 'v');
    conf.set('added', 'x', 'y');
    const expected = [
      ...LINES.slice(0, 2),
      `sso_key1 = ${other}`,
      '',
      '[zato]',
      'well_known_data=gAAAAABfake',
      'new_key=v',
      '',
      '[added]',
      'x=y',
      '',
    ];
    expect(conf.toString()).toBe(bom + expected.join(eol));

    const path = join(dir, `secrets-${bom ? 'bom' : 'nobom'}-${eol.length}.conf`);
    await writeFile(path, text);
    const read = await SecretsConf.read(path);
    expect(read.get('secret_keys', 'sso_key1')).toBe(SSO);
    read.set('secret_keys', 'sso_key1', other);
    await read.write();
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(bom !== '');
    expect(bytes.toString('utf8')).toBe(bom + LINES.join(eol).replace(`sso_key1 = ${SSO}`, `sso_key1 = ${other}`));
  });
});

test('mixed line endings are kept line by line', () => {
  const text = `[secret_keys]\r\nkey1=${KEY1}\nsso_key1=${SSO}\r\n`;
  const conf = SecretsConf.parse(text);
  expect(conf.get('secret_keys', 'key1')).toBe(KEY1);
  conf.set('secret_keys', 'key1', SSO);
  expect(conf.toString()).toBe(`[secret_keys]\r\nkey1=${SSO}\nsso_key1=${SSO}\r\n`);
});

test('values: quotes removed, inline comments cut, a later duplicate wins, indented sections read', () => {
  const conf = new IniFile(
    ['  [odb]  ', 'engine = "sqlite"', "db_name='zato.db'", 'host = h ; a comment', 'port=1 # another', 'engine=postgresql', ''].join('\n'),
  );
  expect(conf.get('odb', 'engine')).toBe('postgresql');
  expect(conf.get('odb', 'db_name')).toBe('zato.db');
  expect(conf.get('odb', 'host')).toBe('h');
  expect(conf.get('odb', 'port')).toBe('1');
  expect(conf.keys('odb')).toEqual(['engine', 'db_name', 'host', 'port']);
});

test('a file that is not UTF-8 is refused (CONFIG), not silently changed', async () => {
  const path = join(dir, 'latin1.conf');
  await writeFile(path, Buffer.from('[secret_keys]\nkey1=caf\xe9\n', 'latin1'));
  await expect(SecretsConf.read(path)).rejects.toMatchObject({ code: 'CONFIG' });
  await expect(IniFile.read(path)).rejects.toMatchObject({ code: 'CONFIG' });
});

describe('AtomicFile / writeFileAtomic: the one atomic writer', () => {
  test('pieces written, then committed: mode exact, no temporary file left, target replaced whole', async () => {
    const path = join(dir, 'bundle.bin');
    await writeFile(path, 'old');
    const f = await AtomicFile.create(path, { mode: 0o600 });
    expect(f.tmp).toMatch(new RegExp(`/\\.bundle\\.bin\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    const pieces = Array.from({ length: 2000 }, (_, i) => Buffer.alloc(300, i % 251));
    for (const p of pieces) await f.write(p);
    expect(await readFile(path, 'utf8')).toBe('old'); // not visible before the commit
    await f.commit();
    expect((await readFile(path)).equals(Buffer.concat(pieces))).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('abort leaves the target as it was and removes the temporary file', async () => {
    const path = join(dir, 'kept.conf');
    await writeFile(path, 'kept');
    const f = await AtomicFile.create(path);
    await f.write('partial');
    await f.abort();
    expect(await readFile(path, 'utf8')).toBe('kept');
    expect((await readdir(dir)).filter((n) => n.startsWith('.kept.conf'))).toEqual([]);
  });

  test('writeFileAtomic into a missing directory throws and leaves nothing', async () => {
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'file'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFileAtomic(join(dir, 'mode.conf'), 'x', 0o640);
    expect((await stat(join(dir, 'mode.conf'))).mode & 0o777).toBe(0o640);
  });
});
