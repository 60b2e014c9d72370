import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OocdDriverFactory } from './driver.js';
import { describeCause, errorFactory } from './errors.js';

const fail = errorFactory('oocd-core');

/** Module specifiers of the built-in backends. */
export const BUILTIN_BACKENDS: Readonly<Record<string, string>> = { fs: '@authstate/oocd-fs', sql: '@authstate/oocd-sql' };

/** A module loaded for a backend: it exports `createOocdDriver` or a default factory. */
export type BackendModule = { createOocdDriver?: OocdDriverFactory; default?: OocdDriverFactory };

/**
 * Loads a backend module and returns its factory. A path (`./x.js`, `/abs/x.js`) is taken relative
 * to the working directory; a package name is resolved from this package, then from the working
 * directory (so a backend installed beside your app is found).
 */
export async function loadBackendFactory(specifier: string): Promise<OocdDriverFactory> {
  const mod = await importModule(specifier);
  const factory = mod.createOocdDriver ?? mod.default;
  if (typeof factory !== 'function') {
    throw fail(
      'CONFIG',
      `Backend module ${specifier} does not export createOocdDriver(config); see the oocd-core README, "Writing a backend".`,
    );
  }
  return factory;
}

async function importModule(specifier: string): Promise<BackendModule> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  if (isPath) return tryImport(specifier, pathToFileURL(resolve(specifier)).href);
  try {
    return (await import(specifier)) as BackendModule;
  } catch (first) {
    if (!isNotFound(first)) throw fail('CONFIG', `Backend module ${specifier} failed to load: ${describeCause(first)}`, first);
    let resolved: string;
    try {
      resolved = createRequire(resolve('package.json')).resolve(specifier);
    } catch {
      const hint = Object.values(BUILTIN_BACKENDS).includes(specifier) ? ` Install it: npm install ${specifier}.` : '';
      throw fail(
        'CONFIG',
        `Backend module ${specifier} is not installed (looked beside @authstate/oocd-core and in ${process.cwd()}).${hint}`,
        first,
      );
    }
    return tryImport(specifier, pathToFileURL(resolved).href);
  }
}

async function tryImport(specifier: string, url: string): Promise<BackendModule> {
  try {
    return (await import(url)) as BackendModule;
  } catch (e) {
    const what = isNotFound(e) ? 'was not found' : `failed to load: ${describeCause(e)}`;
    throw fail('CONFIG', `Backend module ${specifier} ${what}.`, e);
  }
}

function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
