import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { runCli, useTempDir } from './helpers/cli.js';
import { oocdCommandFlow } from './helpers/oocd-flow.js';

const tmp = useTempDir();

describe('oocd commands as subprocesses on embedded backends', () => {
  test('fs (--dir)', async () => {
    await oocdCommandFlow(['--dir', join(tmp.dir, 'fs')], '/fs-flow');
  }, 600_000);

  test('SQLite (--url sqlite:FILE)', async () => {
    await oocdCommandFlow(['--url', `sqlite:${join(tmp.dir, 'oocd.sqlite')}`], '/sqlite-flow');
  }, 600_000);

  test('fs through a nevisAuth-style config file given by AUTHSTATE_OOCD_CONFIG', async () => {
    const cfg = join(tmp.dir, 'nevis.properties');
    await writeFile(
      cfg,
      [
        '# pasted from the JVM options',
        '-Dch.nevis.esauth.OutOfContextDataService.class=ch.nevis.esauth.ooc.FileSystemOOCDService',
        `-Dch.nevis.esauth.OutOfContextDataService.dir=${join(tmp.dir, 'nevis')}`,
        '',
      ].join('\n'),
    );
    await oocdCommandFlow([], '/nevis-flow', { AUTHSTATE_OOCD_CONFIG: cfg });
    await stat(join(tmp.dir, 'nevis'));
  }, 600_000);

  test('default: fs in ./data/oocd of the working directory', async () => {
    const cwd = join(tmp.dir, 'cwd');
    await (await import('node:fs/promises')).mkdir(cwd);
    expect((await runCli(['oocd', 'put', '/d/x', 'v'], { cwd })).code).toBe(0);
    expect((await runCli(['oocd', 'get', '/d/x'], { cwd })).stdout).toBe('v\n');
    expect((await stat(join(cwd, 'data/oocd'))).isDirectory()).toBe(true);
  });

  test('schema --url sqlite:FILE prints DDL that SQLite accepts (the backend then uses that table)', async () => {
    const r = await runCli(['oocd', 'schema', '--url', `sqlite:${join(tmp.dir, 'schema.sqlite')}`, '--table', 'my_oocd']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CREATE TABLE IF NOT EXISTS "my_oocd"/);
    const bad = await runCli(['oocd', 'schema', '--url', 'oracle://h/db']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unsupported database URL/);
  });

  test('class=off fails every command with exit 1 and one line', async () => {
    const r = await runCli(['oocd', 'put', '/a', 'v', '--backend', 'off']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
