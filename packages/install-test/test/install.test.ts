import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';

const run = promisify(execFile);
const repo = new URL('../../../', import.meta.url).pathname;
const PACKAGES = [
  'packages/client',
  'packages/keyv',
  'packages/oidc-provider-adapter',
  'packages/oocd-conformance',
  'packages/oocd-core',
  'packages/oocd-fs',
  'packages/oocd-sql',
  'packages/secrets-conf',
  'packages/sso-backup',
  'apps/authstate',
];
// The same TypeScript the repo builds with, from the registry, like any consumer would install it.
const TYPESCRIPT = 'typescript@5.9.3';
// The required peers of the Keyv store and the OIDC adapter, pinned to the versions the repo tests
// with (npm would install them anyway; oidc-provider 9 refuses Node 20).
const PEERS = ['keyv@5.6.0', 'oidc-provider@8.8.1'];
// Database drivers and their types a consumer may lack: none of our declarations may need them.
const DRIVER_TYPES = ['@types/pg', '@types/better-sqlite3', '@types/mysql'];

let work = '';
let project = '';
const sh = (cmd: string, args: string[], cwd = project, env: NodeJS.ProcessEnv = {}) =>
  run(cmd, args, { cwd, env: { ...process.env, NODE_OPTIONS: '', ...env }, maxBuffer: 64 * 1024 * 1024 });

/**
 * better-sqlite3's install script (prebuild-install) looks for a prebuilt binary in a local folder
 * before it downloads one or compiles (60–85 s here; GitHub downloads are blocked). The addon the
 * workspace already compiled for this very Node is offered there, so npm installs the real package
 * from the registry with its real install script, minus the compile.
 */
async function offerPrebuiltSqlite(dir: string): Promise<{ spec: string; env: NodeJS.ProcessEnv }> {
  const require = createRequire(join(repo, 'packages/test-support/package.json'));
  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
  const { version } = require('better-sqlite3/package.json') as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  mkdirSync(dir, { recursive: true });
  await sh('tar', ['czf', join(dir, name), 'build/Release/better_sqlite3.node'], pkgDir);
  return { spec: `better-sqlite3@${version}`, env: { npm_config_better_sqlite3_local_prebuilds: dir } };
}

let cliProject = '';

// Two fresh npm projects outside the workspace: one with every library tarball and better-sqlite3
// as the only database driver (a SQLite user must not need mysql2 or pg), one with the CLI.
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'authstate-install-'));
  const tarballs = join(work, 'tarballs');
  // dist/ is built by turbo before any test runs; `prepack` (which builds) is for publishing.
  for (const dir of PACKAGES) {
    await sh('pnpm', ['pack', '--pack-destination', tarballs], join(repo, dir), { npm_config_ignore_scripts: 'true' });
  }
  project = join(work, 'project');
  cpSync(new URL('../consumer', import.meta.url).pathname, project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  const libraries = files.filter((f) => !f.includes('authstate-authstate-'));
  const sqlite = await offerPrebuiltSqlite(join(work, 'prebuilds'));
  const npmInstall = (cwd: string, specs: string[]) =>
    sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], cwd, sqlite.env);
  await npmInstall(project, [...libraries, ...PEERS, sqlite.spec, TYPESCRIPT]);
  cliProject = join(work, 'cli');
  mkdirSync(cliProject);
  writeFileSync(join(cliProject, 'package.json'), JSON.stringify({ name: 'cli-user', private: true }));
  // The CLI brings pg, mysql2 and better-sqlite3, none of which ships types; no @types/* here.
  await npmInstall(cliProject, [...files, ...PEERS, TYPESCRIPT]);
  for (const f of ['consumer.ts', 'app.ts', 'tsconfig.json', 'tsconfig.app.json']) cpSync(join(project, f), join(cliProject, f));
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// Generous bounds: CI machines are shared; these run real npm, tsc and the CLI.
jest.setTimeout(300_000);

describe('the packed packages in a fresh npm project', () => {
  test('every tarball carries LICENSE, README, dist and types', async () => {
    for (const dir of PACKAGES) {
      const name = dir.split('/')[1] ?? '';
      const installed = join(cliProject, 'node_modules', '@authstate', name);
      for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']) {
        expect([name, f, existsSync(join(installed, f))]).toEqual([name, f, true]);
      }
    }
  });

  test('ESM import of oocd-core + oocd-fs works', async () => {
    const { stdout } = await sh('node', ['esm.mjs']);
    expect(JSON.parse(stdout)).toEqual({ created: true, again: false, value: 'seen', metadata: { sp: 'a' }, children: ['msgid'] });
  });

  test('ESM import of @authstate/client works: a refused connection is BACKEND naming the URL, never the token', async () => {
    const script = [
      "import { DataServiceClient } from '@authstate/client';",
      "const c = new DataServiceClient('http://127.0.0.1:9', { token: 'secret-token-xyz' });",
      'const e = await c.get("/a").catch((err) => err);',
      'console.log(JSON.stringify({ code: e.code, url: e.message.includes("http://127.0.0.1:9"), token: e.message.includes("secret-token-xyz") }));',
    ].join('\n');
    const { stdout } = await sh('node', ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ code: 'BACKEND', url: true, token: false });
  });

  test('CommonJS require of oocd-core + oocd-fs works', async () => {
    const { stdout } = await sh('node', ['cjs.cjs']);
    expect(JSON.parse(stdout)).toEqual({ value: 'alice', gone: true, refused: 'INVALID_KEY' });
  });

  // tsc prints its errors on stdout: show them when it fails.
  const typecheck = (cwd: string, tsconfig: string) =>
    sh(join(cwd, 'node_modules/.bin/tsc'), ['-p', tsconfig], cwd).catch((e: { stdout?: string }) => ({ failed: e.stdout ?? String(e) }));
  const installed = (cwd: string, names: string[]) => names.filter((n) => existsSync(join(cwd, 'node_modules', n)));

  test('every library type-checks with skipLibCheck: false where better-sqlite3 is the only driver and no driver has types', async () => {
    expect(installed(project, ['pg', 'mysql2', ...DRIVER_TYPES])).toEqual([]);
    expect(await typecheck(project, 'tsconfig.json')).not.toHaveProperty('failed');
  });

  test('every library and the CLI package type-check with skipLibCheck: false where the drivers have no types', async () => {
    expect(installed(cliProject, ['pg', 'mysql2', 'better-sqlite3'])).toEqual(['pg', 'mysql2', 'better-sqlite3']);
    expect(installed(cliProject, DRIVER_TYPES)).toEqual([]);
    expect(await typecheck(cliProject, 'tsconfig.app.json')).not.toHaveProperty('failed');
  });

  // npm installs a package's non-optional peers: a vitest or node:test user of the conformance
  // suite would get jest's globals (and a peer to keep in range) for nothing.
  test('the conformance suite asks for no test framework: npm installed no @jest/globals', async () => {
    expect(existsSync(join(project, 'node_modules/@authstate/oocd-conformance/package.json'))).toBe(true);
    expect(installed(project, ['@jest/globals', 'jest', 'vitest'])).toEqual([]);
  });

  test('the SQLite backend runs with only better-sqlite3 installed', async () => {
    expect(existsSync(join(project, 'node_modules/mysql2'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/pg'))).toBe(false);
    const { stdout } = await sh('node', ['sqlite.mjs']);
    expect(JSON.parse(stdout)).toEqual({ keys: ['/saml/artifact/1'] });
  });

  test('authstate --version and authstate demo run from the packed app', async () => {
    const bin = join(cliProject, 'node_modules/.bin/authstate');
    const version = await sh(bin, ['--version']);
    expect(version.stdout.trim()).toBe('0.1.0');
    const demo = await sh(bin, ['demo', '--dir', join(work, 'demo'), '--clean']);
    expect(demo.stdout).toMatch(/demo/i);
  });
});
