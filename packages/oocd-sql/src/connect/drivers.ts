import type BetterSqlite3 from 'better-sqlite3';
import type Mysql2 from 'mysql2';
import type Mysql2Promise from 'mysql2/promise';
import type Pg from 'pg';
import { loadDriver } from './load-driver.js';

// The one place oocd-sql imports its database drivers, each on first use (optional peers: a user
// of one dialect installs only its driver). Types only are imported statically.

/** better-sqlite3's `Database` class. */
export const loadBetterSqlite3 = async (): Promise<typeof BetterSqlite3> =>
  (await loadDriver('better-sqlite3', () => import('better-sqlite3'))).default;

/** mysql2's callback API (pools and connections the Kysely dialect takes). */
export const loadMysql2 = async (): Promise<typeof Mysql2> => (await loadDriver('mysql2', () => import('mysql2'))).default;

/** mysql2's promise API (the operational node commands). */
export const loadMysql2Promise = async (): Promise<typeof Mysql2Promise> =>
  (await loadDriver('mysql2', () => import('mysql2/promise'))).default;

/** node-postgres. */
export const loadPg = async (): Promise<typeof Pg> => (await loadDriver('pg', () => import('pg'))).default;
