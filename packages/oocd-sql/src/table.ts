import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('oocd-sql');

/** The default table name. Our own (not nevisAuth's): the columns differ from its table. */
export const DEFAULT_TABLE = 'authstate_oocd';

/** The OOCD table's columns, as Kysely sees them. */
export interface OocdTable {
  /** The key: text with byte (C/BINARY) collation, or VARBINARY on MariaDB. */
  entry_key: string | Buffer;
  /** The value (UTF-8 text). */
  entry_value: string;
  /** The metadata as a JSON object of strings, written with the value. */
  metadata: string;
  /** Expiry as Unix epoch milliseconds, UTC (BIGINT: year 9999 fits, exact to the ms). */
  expires_at: number | string | bigint;
}

/** Kysely's view of the database: the table name is configurable, so any name maps to {@link OocdTable}. */
export type OocdDatabase = Record<string, OocdTable>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;

/**
 * Checks a table name: a plain identifier of at most 48 characters (so the index name
 * `<table>_expires_idx` fits PostgreSQL's 63), letters, digits and `_`.
 */
export function validateTableName(name: string): string {
  if (!NAME.test(name)) {
    throw fail(
      'CONFIG',
      `Option \`table\` must be a plain SQL identifier (letters, digits, _; at most 48 characters), got ${JSON.stringify(name)}.`,
    );
  }
  return name;
}

/** The name of the expiry index of `table`. */
export const expiryIndexName = (table: string) => `${table}_expires_idx`;
