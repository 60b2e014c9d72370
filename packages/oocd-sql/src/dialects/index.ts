import type { SqlDialectName } from '../url.js';
import type { DialectOps } from './dialect-ops.js';
import { mysqlOps } from './mysql.js';
import { postgresOps } from './postgres.js';
import { sqliteOps } from './sqlite.js';

/** The operations of each dialect. */
export const DIALECTS: Readonly<Record<SqlDialectName, DialectOps>> = { sqlite: sqliteOps, mysql: mysqlOps, postgres: postgresOps };

export type { Connected, ConnectOptions, DialectOps, RowParams } from './dialect-ops.js';
