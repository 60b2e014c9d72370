// The OOCD backends a package built on the service (the Keyv store, the OIDC adapter) is proven
// on: the file system and SQLite always, MariaDB and PostgreSQL when the test servers run. The
// backend factories are passed in: @authstate/oocd-sql's own tests depend on this package, so
// importing it here would make a package cycle turbo refuses to order (sso-backup needed a
// turbo.json override for the one it has).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OocdConfig, type OocdDriverFactory, type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import { afterAll, beforeAll } from '@jest/globals';
import { createTestDatabase, serverKinds } from '../index.js';

/** The OOCD backends a store is proven on. */
export type BackendKind = 'fs' | 'sqlite' | 'mariadb' | 'postgres';

/** A fresh, empty store of one backend. */
export interface Backend {
  kind: BackendKind;
  config: OocdConfig;
  /** Opens a service on it (the reaper off: tests decide when to reap). */
  open(): Promise<OutOfContextDataService>;
  /** Deletes the storage. */
  drop(): Promise<void>;
}

/** Options of {@link oocdBackends}. */
export interface OocdBackendsOptions {
  /** Names the temporary directories and test databases (`keyv`, `oidc`). */
  label: string;
  /** The `fs` and `sql` driver factories (`createOocdDriver` of @authstate/oocd-fs and oocd-sql). */
  backends: { fs: OocdDriverFactory; sql: OocdDriverFactory };
}

/** The backends of {@link oocdBackends}. */
export interface OocdBackends {
  /** The file system and SQLite always; MariaDB and PostgreSQL when the test servers are configured. */
  backendKinds(): BackendKind[];
  /** Creates fresh storage of `kind` (a temporary directory, SQLite file or server database). */
  createBackend(kind: BackendKind): Promise<Backend>;
  /**
   * Opens fresh storage of `kind` before the tests of the calling `describe` and drops it after;
   * read `.backend` and `.oocd` inside the tests.
   */
  useBackend(kind: BackendKind): { backend: Backend; oocd: OutOfContextDataService };
}

/**
 * The test backends for one package.
 *
 * @example
 * ```ts
 * import { createOocdDriver as fs } from '@authstate/oocd-fs';
 * import { createOocdDriver as sql } from '@authstate/oocd-sql';
 * export const { backendKinds, useBackend } = oocdBackends({ label: 'keyv', backends: { fs, sql } });
 * ```
 */
export function oocdBackends({ label, backends }: OocdBackendsOptions): OocdBackends {
  const opener = (config: OocdConfig) => () => openOocd(config, { backends });
  async function createBackend(kind: BackendKind): Promise<Backend> {
    if (kind === 'fs' || kind === 'sqlite') {
      const dir = await mkdtemp(join(tmpdir(), `${label}-${kind}-`));
      const config: OocdConfig =
        kind === 'fs'
          ? { class: 'fs', dir, reaperInterval: '0' }
          : { class: 'sql', url: `sqlite:${join(dir, 'oocd.sqlite')}`, reaperInterval: '0' };
      return { kind, config, open: opener(config), drop: () => rm(dir, { recursive: true, force: true }) };
    }
    const db = await createTestDatabase(kind, label);
    const config: OocdConfig = { class: 'sql', url: db.url, reaperInterval: '0' };
    return { kind, config, open: opener(config), drop: () => db.drop() };
  }
  return {
    backendKinds: () => ['fs', 'sqlite', ...serverKinds()],
    createBackend,
    useBackend(kind) {
      const state = {} as { backend: Backend; oocd: OutOfContextDataService };
      beforeAll(async () => {
        state.backend = await createBackend(kind);
        state.oocd = await state.backend.open();
      }, 600_000);
      afterAll(async () => {
        await state.oocd?.close();
        await state.backend?.drop();
      });
      return state;
    },
  };
}
