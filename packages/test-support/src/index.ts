import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';

/** A server dialect the tests run against. */
export type ServerKind = 'mariadb' | 'postgres';

/** The admin URL of each test server (from `scripts/dbs.sh start`), when configured. */
export function serverUrls(): Partial<Record<ServerKind, string>> {
  const urls: Partial<Record<ServerKind, string>> = {};
  if (process.env.AUTHSTATE_TEST_MARIADB_URL) urls.mariadb = process.env.AUTHSTATE_TEST_MARIADB_URL;
  if (process.env.AUTHSTATE_TEST_POSTGRES_URL) urls.postgres = process.env.AUTHSTATE_TEST_POSTGRES_URL;
  if (process.env.AUTHSTATE_TEST_REQUIRE_SERVERS === '1' && (!urls.mariadb || !urls.postgres)) {
    throw new Error('AUTHSTATE_TEST_REQUIRE_SERVERS=1 but AUTHSTATE_TEST_MARIADB_URL / AUTHSTATE_TEST_POSTGRES_URL are not both set');
  }
  return urls;
}

/**
 * The server kinds to test. Without servers configured (a developer running one package's jest
 * by hand), they are left out with a warning; the README's test command always configures them
 * and sets AUTHSTATE_TEST_REQUIRE_SERVERS=1, so CI can never skip them silently.
 */
export function serverKinds(): ServerKind[] {
  const urls = serverUrls();
  const kinds = (['mariadb', 'postgres'] as const).filter((k) => urls[k]);
  if (kinds.length < 2) console.warn('[test-support] database servers not configured: run tests via scripts/test.sh');
  return [...kinds];
}

/** A fresh, empty database on a test server, owned by the test server's admin user. */
export interface TestDatabase {
  kind: ServerKind;
  /** Database name (random). */
  name: string;
  /** URL of the admin user to this database. */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** Drops the database. */
  drop(): Promise<void>;
}

/** Creates a uniquely named database on the `kind` test server. */
export async function createTestDatabase(kind: ServerKind, prefix = 't'): Promise<TestDatabase> {
  const admin = serverUrls()[kind];
  if (!admin) throw new Error(`no ${kind} test server configured (run scripts/test.sh)`);
  const u = new URL(admin);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(kind, admin, kind === 'mariadb' ? `CREATE DATABASE ${name} CHARACTER SET utf8mb4` : `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    kind,
    name,
    url: url.toString(),
    host: u.hostname,
    port: Number(u.port),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    drop: () =>
      adminQuery(kind, admin, kind === 'mariadb' ? `DROP DATABASE IF EXISTS ${name}` : `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Runs one statement as the test server's admin user. */
export async function adminQuery(kind: ServerKind, url: string, sql: string): Promise<void> {
  await adminRows(kind, url, sql);
}

/** Runs one statement as the test server's admin user and returns its rows. */
export async function adminRows(kind: ServerKind, url: string, sql: string): Promise<Record<string, unknown>[]> {
  if (kind === 'mariadb') {
    const c = await mysql.createConnection(url);
    try {
      const [rows] = await c.query(sql);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    } finally {
      await c.end();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

export { WAIT_LIMIT_MS, type WaitOptions, waitFor } from './wait.js';
