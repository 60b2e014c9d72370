import type { Conn } from '../conn/conn.js';
import { SqliteConn } from '../conn/sqlite-conn.js';
import type { SchemaInfo } from '../types.js';
import { mysqlCatalog } from './mysql-catalog.js';
import { postgresCatalog } from './postgres-catalog.js';
import { sqliteCatalog } from './sqlite-catalog.js';

/**
 * Discovers every `zato_sso_*` table (and PostgreSQL sequence) of a database from its catalog,
 * in dependency order (parents first).
 */
export async function readCatalog(conn: Conn): Promise<SchemaInfo> {
  if (conn instanceof SqliteConn) return sqliteCatalog(conn);
  return conn.engine === 'postgresql' ? postgresCatalog(conn) : mysqlCatalog(conn);
}
