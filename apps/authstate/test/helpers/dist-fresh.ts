// jest globalSetup: the tests spawn the built CLI (bin/authstate.js → dist, and the workspace
// packages' dist). Refuse to run against a dist older than its sources, which would test code
// that is not the code in the tree. `pnpm test` builds the app itself; turbo builds the packages
// (`pnpm exec turbo run test --filter=@authstate/authstate`, or build them as the message says).
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ROOT = resolve(APP_DIR, '../..');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

async function builtAt(pkgDir: string): Promise<number> {
  const main = join(pkgDir, 'dist', pkgDir === APP_DIR ? 'cli.js' : 'index.js');
  return stat(main).then(
    (s) => s.mtimeMs,
    () => 0,
  );
}

/** The app and every workspace package it depends on at run time (transitively). */
async function runtimePackages(): Promise<{ name: string; dir: string }[]> {
  const seen = new Map<string, string>();
  const visit = async (name: string, dir: string) => {
    if (seen.has(name)) return;
    seen.set(name, dir);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const [dep, version] of Object.entries(pkg.dependencies ?? {})) {
      if (version.startsWith('workspace:')) await visit(dep, join(ROOT, 'packages', dep.replace('@authstate/', '')));
    }
  };
  await visit('@authstate/authstate', APP_DIR);
  return [...seen].map(([name, dir]) => ({ name, dir }));
}

export default async function checkDistFresh(): Promise<void> {
  if (process.env.AUTHSTATE_TEST_CLI_FROM_SOURCE === '1') return;
  const stale: string[] = [];
  for (const { name, dir } of await runtimePackages()) {
    if ((await builtAt(dir)) < (await newestSource(join(dir, 'src')))) stale.push(name);
  }
  if (stale.length > 0) {
    throw new Error(
      `The CLI tests run the built code, but dist is older than src in: ${stale.join(', ')}.\n` +
        'Build first: pnpm exec turbo run build --filter=@authstate/authstate... (from the repo root; `pnpm test` in the app builds the app itself),\n' +
        'or run the CLI from sources (slower): AUTHSTATE_TEST_CLI_FROM_SOURCE=1 pnpm test',
    );
  }
}
