import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OocdConfig } from '@authstate/oocd-core';
import { createTestDatabase, type ServerKind, serverKinds } from '@authstate/test-support';

/** A dialect under test. */
export type TargetKind = 'sqlite' | ServerKind;

/** A fresh database of one dialect for a test file. */
export interface Target {
  kind: TargetKind;
  /** The URL without credentials (they go into dataUser/dataUserPassword, as in production). */
  url: string;
  /** Admin credentials of the test server (empty for SQLite). */
  user?: string;
  password?: string;
  /** The admin's URL with credentials (servers only). */
  adminUrl?: string;
  /** Host and database name, for creating users and grants. */
  database: string;
  /** A backend config on `table` as the admin user. */
  config(table: string, extra?: OocdConfig): OocdConfig;
  drop(): Promise<void>;
}

/** SQLite always; MariaDB and PostgreSQL when the test servers are configured. */
export function targetKinds(): TargetKind[] {
  return ['sqlite', ...serverKinds()];
}

/** A random table name. */
export const randomTable = () => `t_${randomBytes(5).toString('hex')}`;

/** Creates a fresh database (a temporary file for SQLite). */
export async function openTarget(kind: TargetKind): Promise<Target> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'oocd-sql-'));
    const url = `sqlite:${join(dir, 'oocd.sqlite')}`;
    return {
      kind,
      url,
      database: join(dir, 'oocd.sqlite'),
      config: (table, extra) => ({ class: 'sql', url, table, ...extra }),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const db = await createTestDatabase(kind, 'oocdsql');
  const scheme = kind === 'mariadb' ? 'mariadb' : 'postgres';
  const url = `${scheme}://${db.host}:${db.port}/${db.name}`;
  return {
    kind,
    url,
    user: db.user,
    password: db.password,
    adminUrl: db.url,
    database: db.name,
    config: (table, extra) => ({ class: 'sql', url, table, dataUser: db.user, dataUserPassword: db.password, ...extra }),
    drop: () => db.drop(),
  };
}
