import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders never searched: installed packages, build output, scratch and version-control data. */
const SKIP = new Set(['node_modules', '.git', 'dist', '.turbo', '.tmp', 'demo-output', 'data', 'coverage', '.testdb']);

/**
 * Every `README.md` under `root` (the root's own first), as paths relative to `root`, sorted.
 *
 * @example findReadmes('/repo') // ['README.md', 'apps/authstate/README.md', 'packages/oocd-core/README.md', …]
 */
export function findReadmes(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIP.has(entry.name)) walk(join(dir, entry.name));
      else if (entry.isFile() && entry.name === 'README.md') found.push(relative(root, join(dir, entry.name)));
    }
  };
  walk(root);
  return found.sort((a, b) => (a === 'README.md' ? -1 : b === 'README.md' ? 1 : a.localeCompare(b)));
}
