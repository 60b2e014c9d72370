import { readFileSync } from 'node:fs';

/**
 * The version of the installed `@authstate/authstate` package, read from its package.json (one
 * directory above both `src/` and `dist/`), for `authstate --version`.
 */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
