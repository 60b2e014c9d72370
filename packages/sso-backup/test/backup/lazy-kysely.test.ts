import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from '@jest/globals';
import { makeServer, type TestServer } from './servers.js';

// Importing the package root (as the authstate CLI does) and backing up a SQLite server must not
// load Kysely (~20 MiB of RSS): a child process whose module resolver refuses `kysely` proves it,
// and proves the refusal works by then opening a Kysely database, which needs it.
const pkg = fileURLToPath(new URL('../..', import.meta.url));
const REFUSE = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
   register('data:text/javascript,' + encodeURIComponent("export async function resolve(s, c, next) { if (s === 'kysely' || s.startsWith('kysely/')) throw new Error('kysely was loaded'); return next(s, c); }"));`,
)}`;

let src: TestServer | undefined;
afterAll(async () => {
  await src?.cleanup();
});

test('the package root and a SQLite backup do not load Kysely; a Kysely database does', async () => {
  src = await makeServer('sqlite', { users: 2, attrsPerUser: 2 });
  const code = `
    const m = await import(${JSON.stringify(join(pkg, 'src/index.ts'))});
    const s = await m.backup(${JSON.stringify(src.dir)}, ${JSON.stringify(join(src.dir, '..', 'lazy.sql'))}, { format: 'sql' });
    console.log('backup', s.tables.length);
    await m.openZatoDatabase({ serverDir: ${JSON.stringify(src.dir)} }).then(() => console.log('opened'), (e) => console.log('refused:', e.message));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--import', REFUSE, '--input-type=module', '-e', code],
    { cwd: pkg, timeout: 600_000 },
  );
  expect(stdout).toMatch(/^backup \d+\nrefused: kysely was loaded\n$/);
}, 600_000);
