import { errorFactory } from '@authstate/oocd-core';
import { DIALECTS } from './dialects/index.js';
import { DEFAULT_TABLE, validateTableName } from './table.js';
import type { SqlDialectName } from './url.js';

const fail = errorFactory('oocd-sql');

/** Options of {@link schemaDdl}. */
export interface SchemaDdlOptions {
  /** Table name (default `authstate_oocd`). */
  table?: string;
}

/**
 * The DDL a schema user runs to create the OOCD table and its expiry index, as SQL text with one
 * `;`-terminated statement per line group. `dialect` is `sqlite`, `mysql` (MariaDB) or `postgres`
 * (`mariadb`/`postgresql` are accepted too). The CLI's `authstate oocd schema --url …` prints it.
 *
 * @example
 * ```ts
 * console.log(schemaDdl('postgres', { table: 'oocd' }));
 * ```
 */
export function schemaDdl(dialect: SqlDialectName | 'mariadb' | 'postgresql', opts: SchemaDdlOptions = {}): string {
  const name = dialect === 'mariadb' ? 'mysql' : dialect === 'postgresql' ? 'postgres' : dialect;
  const ops = DIALECTS[name as SqlDialectName];
  if (!ops) throw fail('INVALID_ARGUMENT', `Unknown SQL dialect ${JSON.stringify(dialect)}; use sqlite, mariadb (mysql) or postgres.`);
  return `${ops.schema
    .ddl(validateTableName(opts.table ?? DEFAULT_TABLE))
    .map((s) => `${s};`)
    .join('\n')}\n`;
}
