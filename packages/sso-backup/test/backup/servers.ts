import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsConf, ssoKeyOf } from '@authstate/secrets-conf';
import { createTestDatabase } from '@authstate/test-support';
import { type FixtureUser, populateFixtures } from '@authstate/test-support/zato';
import { afterAll } from '@jest/globals';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { initServer, openZatoDatabase, type ZatoEngine } from '../../src/zato/index.js';

/** A throw-away Zato server directory with its database. */
export interface TestServer {
  dir: string;
  engine: ZatoEngine;
  /** The database URL (for servers) or sqlite: URL. */
  url: string;
  /** The server's SSO key (sso_key1). */
  key: string;
  users: FixtureUser[];
  cleanup(): Promise<void>;
}

/**
 * Returns `server(engine, fixtures?)`, which makes servers with these fixture sizes, and
 * registers an `afterAll` that removes every server it made.
 */
export function useServers(sizes: { users?: number; attrsPerUser?: number } = {}) {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  return async (engine: ZatoEngine, fixtures = false): Promise<TestServer> => {
    const s = await makeServer(engine, { fixtures, ...sizes });
    cleanups.push(s.cleanup);
    return s;
  };
}

/** A new server on `engine`; with `fixtures`, filled by populateFixtures (users with passwords). */
export async function makeServer(
  engine: ZatoEngine,
  opts: { fixtures?: boolean; attrsPerUser?: number; users?: number } = {},
): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'sso-backup-'));
  const server = join(dir, 'server');
  let url = `sqlite:${join(server, 'zato.db')}`;
  let drop = async () => {};
  if (engine !== 'sqlite') {
    const t = await createTestDatabase(engine === 'mysql' ? 'mariadb' : 'postgres', 'sso');
    url = t.url;
    drop = t.drop;
  }
  await initServer(server, engine === 'sqlite' ? { rounds: 1000, ssoKey: true } : { url, rounds: 1000, ssoKey: true });
  const { key } = await ssoKeyOf(await SecretsConf.read(join(server, 'config/repo/secrets.conf')));
  let users: FixtureUser[] = [];
  if (opts.fixtures) {
    const zdb = await openZatoDatabase({ serverDir: server });
    try {
      users = (await populateFixtures(zdb, key, { users: opts.users ?? 4, attrsPerUser: opts.attrsPerUser ?? 8, rounds: 1000 })).users;
    } finally {
      await zdb.close();
    }
  }
  return {
    dir: server,
    engine,
    url,
    key,
    users,
    cleanup: async () => {
      await drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The secrets.conf text of a server. */
export function secretsText(s: TestServer): Promise<string> {
  return readFile(join(s.dir, 'config/repo/secrets.conf'), 'utf8');
}

/** Every row of every zato_sso_ table, read with the plain drivers (independent of the code under test). */
export type TableDump = Record<string, Record<string, unknown>[]>;

/**
 * Reads all SSO rows, ordered by id: SQLite with each value's storage class (`typeof`) kept
 * (blobs as `{blob: text}`), PostgreSQL through row_to_json, MariaDB with date strings.
 */
export async function dumpServer(s: { engine: ZatoEngine; url: string }): Promise<TableDump> {
  const out: TableDump = {};
  if (s.engine === 'sqlite') {
    const db = new Database(s.url.slice('sqlite:'.length), { readonly: true });
    try {
      const names = (
        db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name GLOB 'zato_sso_*' ORDER BY name`).all() as { name: string }[]
      ).map((r) => r.name);
      for (const n of names) {
        out[n] = (db.prepare(`SELECT * FROM "${n}" ORDER BY id`).all() as Record<string, unknown>[]).map((r) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? { blob: v.toString('latin1') } : v])),
        );
      }
    } finally {
      db.close();
    }
  } else if (s.engine === 'postgresql') {
    const c = new pg.Client({ connectionString: s.url });
    await c.connect();
    try {
      const names = (
        await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'zato\\_sso\\_%' ORDER BY 1`)
      ).rows.map((r) => r.tablename as string);
      for (const n of names)
        out[n] = (await c.query(`SELECT row_to_json(t)::text AS j FROM "${n}" t ORDER BY id`)).rows.map((r) => JSON.parse(r.j as string));
    } finally {
      await c.end();
    }
  } else {
    const c = await mysql.createConnection({ uri: s.url, dateStrings: true });
    try {
      const [rows] = await c.query(
        `SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'zato\\_sso\\_%' ORDER BY 1`,
      );
      for (const { n } of rows as { n: string }[]) {
        const [data] = await c.query(`SELECT * FROM \`${n}\` ORDER BY id`);
        out[n] = (data as Record<string, unknown>[]).map((r) => ({ ...r }));
      }
    } finally {
      await c.end();
    }
  }
  return out;
}

/**
 * A dump with engine differences mapped away, to compare across engines: blobs as their text,
 * booleans as true/false (by the column being boolean on either side), dates as Zato's text.
 */
export function normalizeDump(d: TableDump, boolColumns: ReadonlySet<string>): TableDump {
  const date = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/;
  const out: TableDump = {};
  for (const [t, rows] of Object.entries(d)) {
    out[t] = rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => {
          if (v && typeof v === 'object' && 'blob' in v) v = (v as { blob: string }).blob;
          if (boolColumns.has(`${t}.${k}`) && (v === 0 || v === 1)) v = v === 1;
          if (typeof v === 'string') {
            const m = date.exec(v);
            if (m) v = `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(6, '0')}`;
          }
          return [k, v];
        }),
      ),
    );
  }
  return out;
}

/** `table.column` of every boolean column in a PostgreSQL dump (where booleans are typed). */
export function booleanColumns(d: TableDump): Set<string> {
  const s = new Set<string>();
  for (const [t, rows] of Object.entries(d))
    for (const r of rows) for (const [k, v] of Object.entries(r)) if (typeof v === 'boolean') s.add(`${t}.${k}`);
  return s;
}
