import type { ZatoEngine } from '../engine.js';
import type { ZatoDialect } from './dialect.js';
import { mysqlDialect } from './mysql.js';
import { postgresqlDialect } from './postgresql.js';
import { sqliteDialect } from './sqlite.js';

const DIALECTS: Record<ZatoEngine, ZatoDialect> = { sqlite: sqliteDialect, postgresql: postgresqlDialect, mysql: mysqlDialect };

/** The {@link ZatoDialect} of an engine. */
export function zatoDialect(engine: ZatoEngine): ZatoDialect {
  return DIALECTS[engine];
}

export type { AnyKysely, ZatoDialect, ZatoValue } from './dialect.js';
