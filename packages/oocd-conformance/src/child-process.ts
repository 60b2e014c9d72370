import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * `execArgv` that lets a child Node process run this package's TypeScript sources: in the repo
 * (sources, "source" export condition) it loads tsx; from the published build it adds nothing.
 */
export function childExecArgv(): string[] {
  if (!import.meta.url.endsWith('.ts')) return [];
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--conditions=source', '--import', pathToFileURL(tsx).href];
}

/** The path of a sibling module of this one, with the extension the running code has (.ts or .js). */
export function siblingModule(name: string): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, import.meta.url).pathname;
}
