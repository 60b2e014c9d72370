import { importOptionalPeer } from '@authstate/oocd-core';

/** The database driver packages, optional peer dependencies of `@authstate/oocd-sql`. */
export const DRIVER_PACKAGES = {
  'better-sqlite3': { dialect: 'SQLite', version: '12' },
  mysql2: { dialect: 'MariaDB', version: '3' },
  pg: { dialect: 'PostgreSQL', version: '8' },
} as const;

/** One of {@link DRIVER_PACKAGES}. */
export type DriverPackage = keyof typeof DRIVER_PACKAGES;

/**
 * Imports a database driver package on first use (`import('<name>')` is passed in, so bundlers and
 * TypeScript see the literal specifier). The SQL backend's dialects load their driver only when
 * they connect, so `import '@authstate/oocd-sql'` costs no driver, and a user of one dialect
 * installs only its driver. Errors: oocd-core's {@link importOptionalPeer} (`CONFIG`, naming the
 * package to install).
 *
 * @example
 * ```ts
 * const pg = (await loadDriver('pg', () => import('pg'))).default;
 * ```
 */
export function loadDriver<M>(name: DriverPackage, load: () => Promise<M>): Promise<M> {
  const { dialect, version } = DRIVER_PACKAGES[name];
  return importOptionalPeer({ owner: '@authstate/oocd-sql', name, purpose: `The ${dialect} dialect`, version }, load);
}
