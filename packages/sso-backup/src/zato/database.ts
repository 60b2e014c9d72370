import { loadDriver } from '../drivers.js';
import { type DbConfigInput, describeDbConfig, parseDatabaseUrl, type ZatoDbConfig } from './db-config.js';
import { type AnyKysely, type ZatoDialect, zatoDialect } from './dialects/index.js';
import type { ZatoEngine } from './engine.js';
import { loadKysely } from './kysely.js';
import { readServerConfig } from './server-config.js';

/** An open connection (pool) to a Zato server's database. */
export interface ZatoDatabase {
  engine: ZatoEngine;
  /** Kysely over the database; SSO rows are untyped (`Kysely<any>`). Dates come back as text. */
  db: AnyKysely;
  /** Where it is, without the password (`postgresql://zato@127.0.0.1:5432/zato`). */
  describe: string;
  /** The resolved connection settings (including the decrypted password: do not log it). */
  config: ZatoDbConfig;
  /** How this engine stores Zato values (booleans, Fernet tokens, ids). */
  dialect: ZatoDialect;
  /** Closes the pool / file. */
  close(): Promise<void>;
}

/**
 * Opens the database of a Zato server (from its `config/repo/server.conf` `[odb]`), or of an
 * explicit URL (`sqlite:/path/zato.db`, `postgres://u:p@h:port/db`, `mysql://…`, `mariadb://…`).
 *
 * @example
 * ```ts
 * const zdb = await openZatoDatabase({ serverDir: '/home/zato/sso1/server' });
 * try {
 *   const users = await zdb.db.selectFrom('zato_sso_user').select('username').execute();
 * } finally {
 *   await zdb.close();
 * }
 * ```
 */
export async function openZatoDatabase(target: DbConfigInput): Promise<ZatoDatabase> {
  const config = 'url' in target ? parseDatabaseUrl(target.url) : await readServerConfig(target.serverDir);
  await Promise.all([loadDriver(config.engine), loadKysely()]);
  return openZatoDatabaseWith(config);
}

/** Opens a database from already resolved settings (its driver and Kysely loaded first: `await loadDriver(config.engine)`, `await loadKysely()`). */
export function openZatoDatabaseWith(config: ZatoDbConfig): ZatoDatabase {
  const dialect = zatoDialect(config.engine);
  const db = dialect.open(config);
  return { engine: config.engine, db, describe: describeDbConfig(config), config, dialect, close: () => db.destroy() };
}
