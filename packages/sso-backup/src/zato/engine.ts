import { fail } from './errors.js';

/** The database engines a Zato server can use for its ODB (and so for SSO). */
export type ZatoEngine = 'sqlite' | 'postgresql' | 'mysql';

/** Every {@link ZatoEngine}, for loops in tests and tools. */
export const ZATO_ENGINES: readonly ZatoEngine[] = ['sqlite', 'postgresql', 'mysql'];

const ALIASES: Record<string, ZatoEngine> = {
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  postgresql: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/**
 * The engine of a server.conf `[odb] engine` value or a URL scheme: `sqlite`, `postgresql[+driver]`
 * (`postgresql+pg8000`), `mysql[+driver]` (`mysql+pymysql`), and `postgres`/`mariadb` for URLs.
 *
 * @example
 * ```ts
 * normalizeEngine('postgresql+pg8000'); // 'postgresql'
 * ```
 */
export function normalizeEngine(text: string): ZatoEngine {
  const base = text.trim().toLowerCase().split('+')[0] ?? '';
  const engine = ALIASES[base];
  if (!engine) throw fail('CONFIG', `Unsupported database engine "${text}": use sqlite, postgresql[+driver] or mysql[+driver].`);
  return engine;
}
