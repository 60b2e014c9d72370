import type { SqlDialectName } from '../url.js';
import type { DialectOps } from './dialect-ops.js';
import { mysqlOps } from './mysql/index.js';
import { postgresOps } from './postgres/index.js';
import { sqliteOps } from './sqlite/index.js';

/** The operations of each dialect (none loads its database driver before it connects). */
export const DIALECTS: Readonly<Record<SqlDialectName, DialectOps>> = { sqlite: sqliteOps, mysql: mysqlOps, postgres: postgresOps };

export type { DialectOps } from './dialect-ops.js';
export type { Connected, ConnectOptions, DialectConnector } from './parts/connector.js';
