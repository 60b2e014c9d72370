import type Database from 'better-sqlite3';
import { driverOf } from '../../drivers.js';
import type { ZatoDbConfig } from '../db-config.js';
import { fail } from '../errors.js';
import { kysely } from '../kysely.js';
import type { AnyKysely, ZatoDialect } from './dialect.js';

/**
 * SQLite as Zato uses it: booleans 0/1, Fernet outputs as BLOBs of ASCII, ids from the rowid.
 * Foreign keys stay off, as under SQLAlchemy's default SQLite connection.
 */
export const sqliteDialect: ZatoDialect = {
  engine: 'sqlite',
  open(config: ZatoDbConfig): AnyKysely {
    if (!config.sqlitePath) throw fail('CONFIG', 'No SQLite file given.');
    let database: Database.Database;
    try {
      database = new (driverOf('sqlite'))(config.sqlitePath);
    } catch (e) {
      throw fail('CONFIG', `Cannot open the SQLite database ${config.sqlitePath}. Check the path and its permissions.`, e);
    }
    database.pragma('busy_timeout = 5000');
    const { Kysely, SqliteDialect } = kysely();
    return new Kysely({ dialect: new SqliteDialect({ database }) });
  },
  bool: (b) => (b ? 1 : 0),
  fernet: (token) => Buffer.from(token, 'ascii'),
  nextId: () => undefined,
  syncSequences: async () => {},
};
