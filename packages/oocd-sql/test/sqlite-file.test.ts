import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOocdService, isAuthstateError } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import { SqlOocdDriver } from '../src/index.js';

// The SQLite file holds authentication state: created 0600 like the fs backend's files, and a
// missing directory is named in the error (issue 14, issue 12).
const dir = mkdtempSync(join(tmpdir(), 'oocd-sql-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('SQLite database file', () => {
  test('a new file and its WAL are created 0600, whatever the umask lets through', async () => {
    const file = join(dir, 'new.sqlite');
    const old = process.umask(0o022);
    try {
      const oocd = createOocdService(await SqlOocdDriver.open({ url: `sqlite:${file}` }), { reaperIntervalSec: 0 });
      await oocd.set('/a', 'secret', { ttlMs: 60_000 });
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      await oocd.close();
    } finally {
      process.umask(old);
    }
  });

  test('an existing file keeps the mode its owner gave it', async () => {
    const file = join(dir, 'existing.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o640);
    await (await SqlOocdDriver.open({ url: `sqlite:${file}` })).close();
    expect(mode(file)).toBe(0o640);
  });

  test('a missing directory is a CONFIG error naming it and saying what to do', async () => {
    const missing = join(dir, 'no', 'such', 'dir');
    const e = await SqlOocdDriver.open({ url: `sqlite:${join(missing, 'oocd.sqlite')}` }).catch((x: unknown) => x);
    expect(isAuthstateError(e, 'CONFIG')).toBe(true);
    expect((e as Error).message).toContain(JSON.stringify(missing));
    expect((e as Error).message).toContain('mkdir -p');
    expect(() => statSync(missing)).toThrow();
  });

  test('a path whose directory is a file is a CONFIG error', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const e = await SqlOocdDriver.open({ url: `sqlite:${join(file, 'oocd.sqlite')}` }).catch((x: unknown) => x);
    expect(isAuthstateError(e, 'CONFIG')).toBe(true);
    expect((e as Error).message).toContain('is not a directory');
  });
});
