import { expiryIndexName } from '../../table.js';
import type { TableSchema } from '../parts/table-schema.js';

/** TEXT keys with the default BINARY collation (memcmp of UTF-8: byte order, case- and space-exact). */
export const sqliteSchema: TableSchema = {
  ddl: (table) => [
    `CREATE TABLE IF NOT EXISTS "${table}" (
  entry_key   TEXT    NOT NULL PRIMARY KEY, -- BINARY collation: byte order, exact
  entry_value TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,             -- JSON object of strings
  expires_at  INTEGER NOT NULL              -- Unix epoch milliseconds, UTC
)`,
    `CREATE INDEX IF NOT EXISTS "${expiryIndexName(table)}" ON "${table}" (expires_at)`,
  ],
};
