import { fail } from './errors.js';

type KyselyModule = typeof import('kysely');

let loaded: KyselyModule | undefined;

/**
 * Loads Kysely (once). It is loaded on first use, not when the package is imported: importing
 * it costs ~20 MiB of RSS, which a SQLite or PostgreSQL backup or restore does not need.
 */
export async function loadKysely(): Promise<KyselyModule> {
  loaded ??= await import('kysely');
  return loaded;
}

/** Kysely, once {@link loadKysely} has run (every async entry point that uses it awaits that first). */
export function kysely(): KyselyModule {
  if (!loaded) throw fail('CONFIG', 'Internal: Kysely was used before loadKysely(). Report this as a bug.');
  return loaded;
}
