import { errorFactory, type OocdDriverFactory } from '@authstate/oocd-core';

const fail = errorFactory('cli');

type BackendModule = { createOocdDriver?: OocdDriverFactory };

// Loaded on first use, so `memory`/`fs` work even when the SQL drivers are absent or broken.
function lazy(name: string, load: () => Promise<unknown>): OocdDriverFactory {
  return async (config) => {
    const mod = (await load()) as BackendModule;
    if (typeof mod.createOocdDriver !== 'function') {
      throw fail('CONFIG', `The ${name} backend is not available in this build of authstate (its package exports no createOocdDriver).`);
    }
    return mod.createOocdDriver(config);
  };
}

/**
 * The CLI's factories of the built-in backends, passed to `openOocd(config, { backends })` and
 * loaded lazily from the app's own dependencies. (Not oocd-core's `BUILTIN_BACKENDS`, which maps
 * the same names to package specifiers for `openOocd` to import when no factory is given.)
 */
export const CLI_BACKEND_FACTORIES: Record<string, OocdDriverFactory> = {
  fs: lazy('fs', () => import('@authstate/oocd-fs')),
  sql: lazy('sql', () => import('@authstate/oocd-sql')),
};
