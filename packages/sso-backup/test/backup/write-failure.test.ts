import { execFile } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { makeServer, type TestServer } from './servers.js';

// A backup whose file cannot be written to the end (here: the process's file size limit, as a
// full disk would) fails with a BACKEND error naming the file, and leaves neither the file nor a
// temporary one: the write that fails may be the one running behind the next stage's filling.
const pkg = fileURLToPath(new URL('../..', import.meta.url));
const LIMIT_KIB = 2048;
let src: TestServer;
let out: string;

beforeAll(async () => {
  src = await makeServer('sqlite', { users: 2, attrsPerUser: 2 });
  const db = new Database(join(src.dir, 'zato.db'));
  db.exec('CREATE TABLE zato_sso_zz_bulk (id INTEGER NOT NULL, t TEXT, PRIMARY KEY (id))');
  const ins = db.prepare('INSERT INTO zato_sso_zz_bulk VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= 40_000; i++) ins.run(i, `row ${i} ${'x'.repeat(150)}`);
  })();
  db.close();
  out = join(src.dir, '..', 'out');
}, 600_000);

afterAll(async () => {
  await src?.cleanup();
});

/** Runs a backup in a child process under `ulimit -f` (KiB); its outcome as one line. */
async function backupUnder(limitKiB: number | 'unlimited', file: string, format: 'bundle' | 'sql'): Promise<string> {
  const code = `
    const m = await import(${JSON.stringify(join(pkg, 'src/index.ts'))});
    try {
      const s = await m.backup(${JSON.stringify(src.dir)}, ${JSON.stringify(file)}, { format: ${JSON.stringify(format)} });
      console.log('ok', s.bytes);
    } catch (e) { console.log(e.code, e.message); }`;
  const node = [process.execPath, '--conditions=source', '--import', 'tsx', '--input-type=module', '-e', code];
  const quoted = node.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const { stdout } = await promisify(execFile)('sh', ['-c', `ulimit -f ${limitKiB} && exec ${quoted}`], { cwd: pkg, timeout: 600_000 });
  return stdout.trim();
}

test.each(['bundle', 'sql'] as const)(
  '%s: a write failing part-way → BACKEND, no file, no temporary file',
  async (format) => {
    const dir = join(out, format);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `sso.${format}`);
    const failed = await backupUnder(LIMIT_KIB, file, format);
    expect(failed).toMatch(new RegExp(`^BACKEND .*Cannot write ${file.replaceAll('.', '\\.')}: EFBIG`));
    expect(await readdir(dir)).toEqual([]);
    // the same backup without the limit: several stages (1 MiB each) beyond it, so it failed part-way
    const done = await backupUnder('unlimited', file, format);
    expect(done).toMatch(/^ok \d+$/);
    expect((await stat(file)).size).toBeGreaterThan(3 * LIMIT_KIB * 1024);
  },
  600_000,
);
