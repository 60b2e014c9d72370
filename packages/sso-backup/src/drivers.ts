import { importOptionalPeer } from '@authstate/oocd-core';
import type BetterSqlite3 from 'better-sqlite3';
import type * as Mysql2 from 'mysql2';
import type Pg from 'pg';
import { fail } from './zato/errors.js';

/** The database engines of a Zato ODB and the driver package each needs (optional peers). */
const PEERS = {
  sqlite: { name: 'better-sqlite3', purpose: 'A SQLite Zato database', version: '12' },
  postgresql: { name: 'pg', purpose: 'A PostgreSQL Zato database', version: '8' },
  mysql: { name: 'mysql2', purpose: 'A MySQL/MariaDB Zato database', version: '3' },
} as const;

interface Loaded {
  sqlite?: typeof BetterSqlite3;
  postgresql?: typeof Pg;
  mysql?: typeof Mysql2;
}
const loaded: Loaded = {};

/**
 * Loads the driver of `engine` once (drivers are optional peer dependencies: a user of one engine
 * installs only its driver). Every entry point that opens a database awaits this first, so the
 * synchronous code below it can take the driver from {@link driverOf}.
 */
export async function loadDriver(engine: keyof typeof PEERS): Promise<void> {
  if (loaded[engine]) return;
  const peer = { owner: '@authstate/sso-backup', ...PEERS[engine] };
  if (engine === 'sqlite') loaded.sqlite = (await importOptionalPeer(peer, () => import('better-sqlite3'))).default;
  else if (engine === 'postgresql') loaded.postgresql = (await importOptionalPeer(peer, () => import('pg'))).default;
  else loaded.mysql = await importOptionalPeer(peer, () => import('mysql2'));
}

/** The driver {@link loadDriver} loaded for `engine`. */
export function driverOf<E extends keyof Loaded>(engine: E): NonNullable<Loaded[E]> {
  const d = loaded[engine];
  if (!d) throw fail('CONFIG', `Internal: the ${PEERS[engine].name} driver was used before loadDriver('${engine}').`);
  return d as NonNullable<Loaded[E]>;
}
