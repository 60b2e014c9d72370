import { loadDriver } from '../../drivers.js';
import { parseDatabaseUrl } from '../../zato/db-config.js';
import { readServerConfig } from '../../zato/server-config.js';
import { fail } from '../errors.js';
import type { Conn } from './conn.js';
import { PostgresConn } from './postgres-conn.js';
import { SqliteConn } from './sqlite-conn.js';

/** Where a server's database is: a Zato server directory (its server.conf), or an explicit URL. */
export interface DatabaseTarget {
  serverDir: string;
  url?: string;
}

/**
 * Opens the SSO database of a server: SQLite directly through better-sqlite3 (streaming reads,
 * fast loads in one transaction), PostgreSQL through node-postgres (COPY streams), MySQL/MariaDB through the Zato side's Kysely.
 * Kysely (~20 MiB of the process's memory) is loaded only for MySQL/MariaDB.
 */
export async function openConn(target: DatabaseTarget, opts: { readonly?: boolean } = {}): Promise<Conn> {
  const config = target.url ? parseDatabaseUrl(target.url) : await readServerConfig(target.serverDir);
  await loadDriver(config.engine);
  if (config.engine === 'sqlite') {
    const path = config.sqlitePath ?? '';
    try {
      return new SqliteConn(path, opts);
    } catch (e) {
      throw fail('CONFIG', `Cannot open the SQLite database ${path}. Check the path and its permissions.`, e);
    }
  }
  if (config.engine === 'postgresql') return new PostgresConn(config);
  const [{ openZatoDatabaseWith }, { KyselyConn }, { loadKysely }] = await Promise.all([
    import('../../zato/database.js'),
    import('./kysely-conn.js'),
    import('../../zato/kysely.js'),
  ]);
  await loadKysely();
  const zdb = openZatoDatabaseWith(config);
  return new KyselyConn(zdb.engine, zdb.db, () => zdb.close());
}
