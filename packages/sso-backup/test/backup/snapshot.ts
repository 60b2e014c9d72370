import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { dumpServer, type TestServer } from './servers.js';

/** Every file under `dir` (recursively) with its mode and SHA-256, by relative path. */
export async function fileHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        const mode = ((await stat(p)).mode & 0o7777).toString(8);
        out[relative(dir, p)] = `${mode} ${createHash('sha256')
          .update(await readFile(p))
          .digest('hex')}`;
      }
    }
  };
  await walk(dir);
  return out;
}

/** What must be identical after a refused restore: every file of the server directory and every SSO row. */
export async function snapshot(s: TestServer): Promise<unknown> {
  return { files: await fileHashes(s.dir), rows: await dumpServer(s) };
}
