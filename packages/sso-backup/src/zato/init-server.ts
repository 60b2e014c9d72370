import { randomBytes } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Fernet, writeFileAtomic } from '@authstate/secrets-conf';
import { ssoConfText } from './conf/sso-conf.js';
import { openZatoDatabase, type ZatoDatabase } from './database.js';
import { parseDatabaseUrl, type ZatoDbConfig } from './db-config.js';
import { fail } from './errors.js';
import { insertRows } from './insert-rows.js';
import { loadKysely } from './kysely.js';
import { createZatoSsoSchema, hasZatoSsoSchema } from './schema.js';
import { secretsConfText, serverConfText } from './server-files.js';
import { serverPaths } from './server-paths.js';
import { zatoUserRow } from './user-row.js';

/** Options of {@link initServer}. */
export interface InitServerOptions {
  /** How many approved sample users to create (default 0). */
  users?: number;
  /** A PostgreSQL/MariaDB database for the server instead of `<dir>/zato.db` (schema created if absent). */
  url?: string;
  /** pbkdf2 rounds of the sample users' password hashes (default 120000; fewer only in tests). */
  rounds?: number;
  /**
   * Also write `[secret_keys] sso_key1` (the seed's newer layout, which then encrypts SSO data).
   * Default false: `key1` only, as Zato 3.2's `zato create server` writes.
   */
  ssoKey?: boolean;
}

/** What {@link initServer} made. */
export interface InitServerResult {
  dir: string;
  /** The sample users, with their passwords (shown once, stored nowhere). */
  users: InitServerUser[];
  /** Which `[secret_keys]` entry encrypts this server's SSO data. */
  activeKey: 'sso_key1' | 'key1';
}

/** A sample user of a new server; the password is shown once and stored nowhere. */
export interface InitServerUser {
  username: string;
  password: string;
  userId: string;
}

/**
 * Creates a new server directory as Zato 3.2's `zato create server` does, as far as SSO is
 * concerned: `config/repo/server.conf` (`[odb]` → `zato.db`, or the database of `url`, password via
 * `zato+secret://`), `secrets.conf` (a fresh `key1` only — plus `sso_key1` with `ssoKey` — and
 * `[zato]` `well_known_data` = Fernet(key1) of `3.141592...`, `server_conf.kvdb.password`,
 * `server_conf.main.token`, `server_conf.misc.jwt_secret`, `server_conf.odb.password`), Zato's full
 * `sso.conf`, and the SSO schema; every file mode 0600. The result passes Zato's start-up check
 * ({@link checkWellKnownData}). With `users`, approved sample users written as Zato's `UserAPI`
 * writes them, encrypted with the active key (`sso_key1` if written, else `key1`); their random
 * passwords are returned once.
 *
 * @example
 * ```ts
 * const { users } = await initServer('/tmp/sso1/server', { users: 3 });
 * console.log(users[0]?.username, users[0]?.password);
 * ```
 */
export async function initServer(dir: string, opts: InitServerOptions = {}): Promise<InitServerResult> {
  const paths = serverPaths(dir);
  if (await exists(paths.serverConf)) throw fail('ALREADY_EXISTS', `${dir} already has a config/repo/server.conf: choose a new directory.`);
  const db: ZatoDbConfig = opts.url ? parseDatabaseUrl(opts.url) : { engine: 'sqlite', sqlitePath: join(dir, 'zato.db') };
  const key1 = Fernet.generateKey();
  const ssoKey1 = opts.ssoKey ? Fernet.generateKey() : undefined;
  await mkdir(paths.repo, { recursive: true });
  await writeFileAtomic(paths.serverConf, serverConfText(db, opts.url ? (db.sqlitePath ?? 'zato.db') : 'zato.db'), 0o600);
  await writeFileAtomic(paths.secretsConf, secretsConfText({ key1, ssoKey1, odbPassword: db.password ?? '' }), 0o600);
  await writeFileAtomic(paths.ssoConf, ssoConfText(), 0o600);

  const zdb = await openZatoDatabase({ serverDir: dir }); // read back through server.conf + secrets.conf
  try {
    if (!(await hasZatoSsoSchema(zdb))) await createZatoSsoSchema(zdb);
    if (zdb.engine === 'sqlite') await createOtherZatoTable(zdb);
    const users = await addSampleUsers(zdb, ssoKey1 ?? key1, opts.users ?? 0, opts.rounds);
    return { dir, users, activeKey: ssoKey1 ? 'sso_key1' : 'key1' };
  } finally {
    await zdb.close();
  }
}

async function addSampleUsers(zdb: ZatoDatabase, ssoKey: string, count: number, rounds?: number): Promise<InitServerUser[]> {
  const fernet = new Fernet(ssoKey);
  const users: InitServerUser[] = [];
  const rows = [];
  for (let i = 1; i <= count; i++) {
    const username = `user${i}`;
    const password = randomBytes(12).toString('base64url');
    const { row, userId } = zatoUserRow(zdb.dialect, fernet, {
      username,
      password,
      email: `${username}@example.com`,
      firstName: 'User',
      lastName: String(i),
      rounds,
    });
    rows.push(row);
    users.push({ username, password, userId });
  }
  await insertRows(zdb.db, 'zato_sso_user', rows);
  return users;
}

/** A non-SSO Zato table, so a backup has to pick the `zato_sso_` tables out of a real-looking database. */
async function createOtherZatoTable(zdb: ZatoDatabase): Promise<void> {
  const { sql } = await loadKysely();
  await sql`CREATE TABLE IF NOT EXISTS sec_base (id INTEGER NOT NULL, name VARCHAR(200) NOT NULL, is_active BOOLEAN NOT NULL, sec_type VARCHAR(45) NOT NULL, cluster_id INTEGER NOT NULL, PRIMARY KEY (id))`.execute(
    zdb.db,
  );
  await sql`INSERT INTO sec_base (id, name, is_active, sec_type, cluster_id) VALUES (1, 'admin.invoke', 1, 'basic_auth', 1)`.execute(
    zdb.db,
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
