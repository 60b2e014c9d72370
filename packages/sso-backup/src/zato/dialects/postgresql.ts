import { type Expression, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { ZatoDbConfig } from '../db-config.js';
import { ZATO_SSO_SEQUENCES, ZATO_SSO_TABLES } from '../tables.js';
import type { AnyKysely, ZatoDialect } from './dialect.js';

/** timestamp, timestamptz, date, time: kept as the server's text so microseconds survive. */
const TEXT_TYPES = new Set([1114, 1184, 1082, 1083]);

/** pg type parsers for this pool only (the global pg.types stay untouched). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (TEXT_TYPES.has(oid)) return (value: string) => value;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept a union format
    return pg.types.getTypeParser(oid, format as any);
  },
} as pg.CustomTypesConfig;

/** PostgreSQL as Zato uses it: real booleans, text tokens, ids from the named sequences. */
export const postgresqlDialect: ZatoDialect = {
  engine: 'postgresql',
  open(config: ZatoDbConfig): AnyKysely {
    const pool = new pg.Pool({
      host: config.host,
      port: config.port,
      database: config.dbName,
      user: config.username,
      password: config.password,
      max: 4,
      types,
    });
    return new Kysely({ dialect: new PostgresDialect({ pool }) });
  },
  bool: (b) => b,
  fernet: (token) => token,
  nextId: (table): Expression<unknown> => sql`nextval(${ZATO_SSO_SEQUENCES[table]})`,
  async syncSequences(db: AnyKysely): Promise<void> {
    for (const table of ZATO_SSO_TABLES) {
      const seq = ZATO_SSO_SEQUENCES[table];
      await sql`select setval(${seq}, coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
    }
  },
};
