import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../errors.js';

/** True when a process with this id exists (EPERM: it exists but belongs to someone else). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The seed's rule "restore before the server starts": `<serverDir>/pidfile` naming a live process
 * means Zato runs there, and a restore is refused (ALREADY_EXISTS). `--force` does NOT bypass
 * this: a running server keeps its own view of keys and data, so the restore would not be what it
 * serves. A pidfile whose process is gone is stale — as Zato itself treats it — and is ignored;
 * the returned warning says so (also for a pidfile that holds no process id).
 *
 * @example
 * ```ts
 * const warning = await checkServerStopped('/home/zato/sso2/server'); // undefined, or "stale pidfile …"
 * ```
 */
export async function checkServerStopped(serverDir: string): Promise<string | undefined> {
  const path = join(serverDir, 'pidfile');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fail('CONFIG', `Cannot read ${path} to check whether the server runs. Check its permissions.`, e);
  }
  const m = /^\s*(\d{1,10})\s*$/.exec(text);
  const pid = m ? Number(m[1]) : 0;
  if (pid <= 0) return `${path} does not hold a process id; ignored it (no running server found).`;
  if (processExists(pid)) {
    throw fail(
      'ALREADY_EXISTS',
      `The Zato server in ${serverDir} is running (its pidfile names live process ${pid}): stop the server first; restore before it starts. Nothing was changed.`,
    );
  }
  return `${path} is stale (process ${pid} is gone); ignored it.`;
}
