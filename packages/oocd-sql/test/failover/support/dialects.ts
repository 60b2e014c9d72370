import { Kysely, MysqlDialect, PostgresDialect, type RawBuilder, sql } from 'kysely';
import mysql from 'mysql2';
import pg from 'pg';
import {
  createMysqlFailoverPool,
  createPostgresFailoverPool,
  type FailoverOptions,
  type FailoverPool,
  type HostAddress,
} from '../../../src/failover/index.js';

/** One server dialect as the fail-over tests drive it (Kysely over a fail-over pool). */
export interface FailoverDialect {
  kind: 'mariadb' | 'postgres';
  /** Env var of scripts/dbs.sh holding the single test server's URL. */
  env: string;
  open(
    hosts: HostAddress[],
    login: { user: string; password: string; database: string },
    options: FailoverOptions,
  ): { db: Kysely<Record<string, never>>; control: FailoverPool<unknown> };
  /** A statement that holds its connection for `seconds`. */
  sleep(seconds: number): RawBuilder<unknown>;
  /**
   * The same, streamed (Kysely's `stream()`). Absent for PostgreSQL: Kysely streams there only
   * with a `cursor` class (pg-cursor), which the backend does not use.
   */
  streamSleep?(db: Kysely<Record<string, never>>, seconds: number): AsyncIterable<unknown>;
}

export const failoverDialects: FailoverDialect[] = [
  {
    kind: 'mariadb',
    env: 'AUTHSTATE_TEST_MARIADB_URL',
    open: (hosts, login, options) => {
      const pool = createMysqlFailoverPool(mysql, hosts, { ...login, timezone: 'Z' }, options);
      return { db: new Kysely({ dialect: new MysqlDialect({ pool }) }), control: pool.failover as FailoverPool<unknown> };
    },
    sleep: (s) => sql`SELECT SLEEP(${s})`,
    streamSleep: (db, s) => db.selectNoFrom(sql<number>`SLEEP(${s})`.as('slept')).stream(),
  },
  {
    kind: 'postgres',
    env: 'AUTHSTATE_TEST_POSTGRES_URL',
    open: (hosts, login, options) => {
      const pool = createPostgresFailoverPool(pg, hosts, login, options);
      return { db: new Kysely({ dialect: new PostgresDialect({ pool }) }), control: pool.failover as FailoverPool<unknown> };
    },
    sleep: (s) => sql`SELECT pg_sleep(${s})`,
  },
];
