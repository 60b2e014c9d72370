import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OocdConfig, type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import { createOocdDriver as fsDriver } from '@authstate/oocd-fs';
import { createOocdDriver as sqlDriver } from '@authstate/oocd-sql';
import { createTestDatabase, serverKinds } from '@authstate/test-support';
import { afterAll, beforeAll } from '@jest/globals';

/** The OOCD backends the adapter is proven on. */
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

/** The file system and SQLite always; MariaDB and PostgreSQL when the test servers are configured. */
export function backendKinds(): BackendKind[] {
  return ['fs', 'sqlite', ...serverKinds()];
}

/** Creates fresh storage of `kind` (a temporary directory, SQLite file or server database). */
export async function createBackend(kind: BackendKind): Promise<Backend> {
  const open = (config: OocdConfig) => () => openOocd(config, { backends: { fs: fsDriver, sql: sqlDriver } });
  if (kind === 'fs' || kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), `oidc-${kind}-`));
    const config: OocdConfig =
      kind === 'fs'
        ? { class: 'fs', dir, reaperInterval: '0' }
        : { class: 'sql', url: `sqlite:${join(dir, 'oocd.sqlite')}`, reaperInterval: '0' };
    return { kind, config, open: open(config), drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const db = await createTestDatabase(kind, 'oidc');
  const config: OocdConfig = { class: 'sql', url: db.url, reaperInterval: '0' };
  return { kind, config, open: open(config), drop: () => db.drop() };
}

/**
 * Opens fresh storage of `kind` before the tests of the calling `describe` and drops it after;
 * read `.backend` and `.oocd` inside the tests.
 */
export function useBackend(kind: BackendKind): { backend: Backend; oocd: OutOfContextDataService } {
  const state = {} as { backend: Backend; oocd: OutOfContextDataService };
  beforeAll(async () => {
    state.backend = await createBackend(kind);
    state.oocd = await state.backend.open();
  }, 60_000);
  afterAll(async () => {
    await state.oocd?.close();
    await state.backend?.drop();
  });
  return state;
}
