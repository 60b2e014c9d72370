import type { Engine } from '../types.js';
import type { Loader } from './loader.js';
import { mysqlLoader } from './mysql-loader.js';
import { postgresLoader } from './postgres-loader.js';
import { sqliteLoader } from './sqlite-loader.js';

const LOADERS: Record<Engine, Loader> = { sqlite: sqliteLoader, postgresql: postgresLoader, mysql: mysqlLoader };

/** The atomic loader of a target engine. */
export function loaderFor(engine: Engine): Loader {
  return LOADERS[engine];
}
