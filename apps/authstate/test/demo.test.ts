import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { runCli, useTempDir } from './helpers/cli.js';

const tmp = useTempDir();

describe('authstate demo', () => {
  test('runs end to end, prints what each step proved, leaves its files in --dir', async () => {
    const dir = join(tmp.dir, 'out');
    const r = await runCli(['demo', '--dir', dir], { timeoutMs: 600_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/login user1 on .* → User logged in/);
    expect(r.stdout).toMatch(/restore \(no --force: a fresh server\)/);
    expect(r.stdout).toMatch(/key action: (rekey|write) — /);
    expect(r.stdout).toMatch(/login with (server1’s key|server2's original key) → WRONG_KEY/);
    expect(r.stdout).toMatch(/== Data service on fs/);
    expect(r.stdout).toMatch(/== Data service on SQLite/);
    expect(r.stdout.match(/✔/g)?.length).toBeGreaterThanOrEqual(20);
    expect(r.stdout.match(/proves: /g)?.length).toBe(r.stdout.match(/✔/g)?.length);
    expect((await readdir(dir)).sort()).toEqual(['.authstate-demo', 'oocd-fs', 'oocd.sqlite', 'sso'].sort());
    // A second run replaces its own folder.
    expect((await runCli(['demo', '--dir', dir], { timeoutMs: 600_000 })).code).toBe(0);
  }, 1_200_000);

  test('--clean removes the folder; a foreign non-empty folder is refused (exit 3)', async () => {
    const dir = join(tmp.dir, 'clean');
    const r = await runCli(['demo', '--dir', dir, '--clean'], { timeoutMs: 600_000 });
    expect(r.code).toBe(0);
    await expect(stat(dir)).rejects.toThrow();
    const foreign = join(tmp.dir, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'precious.txt'), 'keep me');
    const refused = await runCli(['demo', '--dir', foreign]);
    expect(refused.code).toBe(3);
    expect(await readdir(foreign)).toEqual(['precious.txt']);
  }, 1_200_000);
});
