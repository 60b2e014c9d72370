import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('oocd-sql');

/** The database driver packages, optional peer dependencies of `@authstate/oocd-sql`. */
export const DRIVER_PACKAGES = {
  'better-sqlite3': { dialect: 'SQLite', version: '12' },
  mysql2: { dialect: 'MariaDB', version: '3' },
  pg: { dialect: 'PostgreSQL', version: '8' },
} as const;

/** One of {@link DRIVER_PACKAGES}. */
export type DriverPackage = keyof typeof DRIVER_PACKAGES;

/** Whether `e` says `name` itself (not something it needs) could not be found. */
function isMissing(e: unknown, name: string): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`"${name}"`));
}

/**
 * Imports a database driver package on first use (`import('<name>')` is passed in, so bundlers and
 * TypeScript see the literal specifier). The SQL backend's dialects load their driver only when
 * they connect, so `import '@authstate/oocd-sql'` costs no driver, and a user of one dialect
 * installs only its driver.
 *
 * @throws AuthstateError `CONFIG` naming the package to install when it is missing, or saying it
 * could not be loaded (e.g. a native module built for another Node version), with the cause.
 * @example
 * ```ts
 * const pg = (await loadDriver('pg', () => import('pg'))).default;
 * ```
 */
export async function loadDriver<M>(name: DriverPackage, load: () => Promise<M>): Promise<M> {
  try {
    return await load();
  } catch (e) {
    const { dialect, version } = DRIVER_PACKAGES[name];
    if (isMissing(e, name)) {
      throw fail(
        'CONFIG',
        `The ${dialect} dialect needs the database driver package "${name}", which is not installed. ` +
          `Install it next to @authstate/oocd-sql: npm install ${name}@${version}`,
        e,
      );
    }
    throw fail(
      'CONFIG',
      `The database driver package "${name}" (${dialect}) is installed but could not be loaded: ${(e as Error)?.message ?? e}. ` +
        `Reinstall it for this Node version (npm rebuild ${name}).`,
      e,
    );
  }
}
