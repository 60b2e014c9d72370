import { errorFactory } from './errors.js';

/** What a package says about one of its optional peer dependencies. */
export interface OptionalPeer {
  /** The package that needs it, e.g. `@authstate/oocd-sql` (named in the error). */
  readonly owner: string;
  /** The peer's npm name, e.g. `pg`. */
  readonly name: string;
  /** What it is needed for, e.g. `The PostgreSQL dialect`. */
  readonly purpose: string;
  /** The major version to install, e.g. `8`. */
  readonly version: string;
}

/** Whether `e` says `name` itself (not something it needs) could not be found. */
function isMissing(e: unknown, name: string): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`"${name}"`));
}

/**
 * Imports an optional peer dependency (a database driver) on first use. `load` is the caller's own
 * `() => import('<name>')`, so bundlers and TypeScript see the literal specifier and the module
 * resolves from the caller's package.
 *
 * @throws AuthstateError `CONFIG` naming the package to install when it is missing, or saying it is
 * installed but failed to load (e.g. a native module built for another Node version), with the cause.
 * @example
 * ```ts
 * const pg = (await importOptionalPeer({ owner: '@authstate/oocd-sql', name: 'pg', purpose: 'The PostgreSQL dialect', version: '8' },
 *   () => import('pg'))).default;
 * ```
 */
export async function importOptionalPeer<M>(peer: OptionalPeer, load: () => Promise<M>): Promise<M> {
  try {
    return await load();
  } catch (e) {
    const fail = errorFactory(peer.owner.replace(/^@authstate\//, ''));
    if (isMissing(e, peer.name)) {
      throw fail(
        'CONFIG',
        `${peer.purpose} needs the database driver package "${peer.name}", which is not installed. Install it next to ${peer.owner}: npm install ${peer.name}@${peer.version}`,
        e,
      );
    }
    throw fail(
      'CONFIG',
      `The package "${peer.name}" (${peer.purpose}) is installed but could not be loaded: ${(e as Error)?.message ?? e}. Reinstall it for this Node version (npm rebuild ${peer.name}).`,
      e,
    );
  }
}
