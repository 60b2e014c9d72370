import { quoteMysql } from '../catalog/mysql-catalog.js';
import { quoteIdent } from '../catalog/sqlite-catalog.js';
import type { Engine } from '../types.js';

/** Quotes an identifier the way `engine` spells it (backticks on MySQL, double quotes elsewhere). */
export function quoteFor(engine: Engine): (name: string) => string {
  return engine === 'mysql' ? quoteMysql : quoteIdent;
}
