import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childExecArgv } from '@authstate/oocd-conformance';
import { afterAll, describe, expect, test } from '@jest/globals';

// Drivers are optional peers (issue 12): each dialect imports its driver when it connects, and a
// missing one is a CONFIG error naming the package to install. Proven in child processes in which
// Node's resolver really cannot find the hidden packages (support/hide-drivers.mjs).
const dir = mkdtempSync(join(tmpdir(), 'oocd-sql-drivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

type Outcome = { code?: string; message?: string; causeCode?: string; ok?: boolean };
type Results = { imported: boolean; ddl: boolean } & Record<'sqlite' | 'mysql' | 'postgres', Outcome>;

function runChild(hide: string[], name: string): Promise<Results> {
  const args = [...childExecArgv(), '--import', here('./support/hide-drivers.mjs'), here('./support/missing-driver-child.ts')];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTHSTATE_HIDE_PACKAGES: hide.join(','),
    AUTHSTATE_CHILD_SQLITE: join(dir, `${name}.sqlite`),
  };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, timeout: 240_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`child failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string) as Results);
    });
  });
}

describe('database drivers as optional peers', () => {
  test('with no driver installed the package imports; each dialect names the package to install', async () => {
    const r = await runChild(['better-sqlite3', 'mysql2', 'pg'], 'none');
    expect(r.imported).toBe(true);
    expect(r.ddl).toBe(true);
    const expected = { sqlite: 'better-sqlite3', mysql: 'mysql2', postgres: 'pg' } as const;
    for (const [dialect, pkg] of Object.entries(expected)) {
      const o = r[dialect as keyof typeof expected];
      expect(o.code).toBe('CONFIG');
      expect(o.causeCode).toBe('ERR_MODULE_NOT_FOUND');
      expect(o.message).toContain(`needs the database driver package "${pkg}", which is not installed`);
      expect(o.message).toContain(`npm install ${pkg}@`);
    }
  }, 300_000);

  test('with only better-sqlite3 installed SQLite works and the servers still name their driver', async () => {
    const r = await runChild(['mysql2', 'pg'], 'sqlite-only');
    expect(r.sqlite).toEqual({ ok: true });
    expect(r.mysql.message).toContain('"mysql2"');
    expect(r.postgres.message).toContain('"pg"');
  }, 300_000);
});
