import { driverOf } from '../../drivers.js';
import type { ZatoDbConfig } from '../db-config.js';
import { kysely } from '../kysely.js';
import type { AnyKysely, ZatoDialect } from './dialect.js';

/**
 * MySQL/MariaDB as Zato uses it: BOOL is TINYINT 0/1, tokens as text, AUTO_INCREMENT ids. The
 * pool reads DATETIME as text (`dateStrings`), in UTC, and big integers exactly.
 */
export const mysqlDialect: ZatoDialect = {
  engine: 'mysql',
  open(config: ZatoDbConfig): AnyKysely {
    const pool = driverOf('mysql').createPool({
      host: config.host,
      port: config.port,
      database: config.dbName,
      user: config.username,
      password: config.password,
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
      dateStrings: true,
      connectionLimit: 4,
    });
    const { Kysely, MysqlDialect } = kysely();
    return new Kysely({ dialect: new MysqlDialect({ pool }) });
  },
  bool: (b) => (b ? 1 : 0),
  fernet: (token) => token,
  nextId: () => undefined,
  syncSequences: async () => {},
};
