import type { Expression } from 'kysely';
import { driverOf } from '../../drivers.js';
import type { ZatoDbConfig } from '../db-config.js';
import { kysely } from '../kysely.js';
import { ZATO_SSO_SEQUENCES, ZATO_SSO_TABLES } from '../tables.js';
import type { AnyKysely, ZatoDialect } from './dialect.js';
import { pgTextTimeTypes } from './pg-text-times.js';

/** PostgreSQL as Zato uses it: real booleans, text tokens, ids from the named sequences. */
export const postgresqlDialect: ZatoDialect = {
  engine: 'postgresql',
  open(config: ZatoDbConfig): AnyKysely {
    const pool = new (driverOf('postgresql').Pool)({
      host: config.host,
      port: config.port,
      database: config.dbName,
      user: config.username,
      password: config.password,
      max: 4,
      types: pgTextTimeTypes,
    });
    const { Kysely, PostgresDialect } = kysely();
    return new Kysely({ dialect: new PostgresDialect({ pool }) });
  },
  bool: (b) => b,
  fernet: (token) => token,
  nextId: (table): Expression<unknown> => kysely().sql`nextval(${ZATO_SSO_SEQUENCES[table]})`,
  async syncSequences(db: AnyKysely): Promise<void> {
    const { sql } = kysely();
    for (const table of ZATO_SSO_TABLES) {
      const seq = ZATO_SSO_SEQUENCES[table];
      await sql`select setval(${seq}, coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
    }
  },
};
