import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errorFactory } from '@authstate/oocd-core';
import { runOocdDemo } from './oocd-demo.js';
import type { DemoReporter } from './reporter.js';
import { runSsoDemo } from './sso-demo.js';

const fail = errorFactory('demo');
const MARKER = '.authstate-demo';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The one folder the demo writes to (created; a previous demo's folder is replaced). */
  dir: string;
  /** Remove the folder at the end. */
  clean?: boolean;
  report: DemoReporter;
}

/**
 * The end-to-end demo on embedded defaults (SQLite + file system): the SSO half (init-server,
 * backup, restore, login) and the data-service half (fs and SQLite over HTTP).
 */
export async function runDemo(opts: DemoOptions): Promise<void> {
  const dir = resolve(opts.dir);
  await prepareDir(dir);
  try {
    await runSsoDemo(join(dir, 'sso'), opts.report);
    await runOocdDemo('fs', { class: 'fs', dir: join(dir, 'oocd-fs') }, opts.report);
    await runOocdDemo('SQLite', { class: 'sql', url: `sqlite:${join(dir, 'oocd.sqlite')}` }, opts.report);
  } finally {
    if (opts.clean) await rm(dir, { recursive: true, force: true });
  }
  opts.report.section('Done');
  opts.report.detail(opts.clean ? `removed ${dir}` : `files are in ${dir}`);
}

async function prepareDir(dir: string): Promise<void> {
  const exists = await stat(dir).then(
    () => true,
    () => false,
  );
  if (exists) {
    const names = await readdir(dir);
    if (names.length > 0 && !names.includes(MARKER)) {
      throw fail('ALREADY_EXISTS', `${dir} exists and was not made by the demo; choose another --dir.`);
    }
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MARKER), 'made by authstate demo; the next demo run replaces this folder\n');
}
