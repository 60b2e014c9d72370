import { expiryIndexName } from '../../table.js';
import type { TableSchema } from '../parts/table-schema.js';

/** TEXT keys with `COLLATE "C"` (byte order, so range scans use the primary-key index). */
export const postgresSchema: TableSchema = {
  ddl: (table) => [
    `CREATE TABLE IF NOT EXISTS "${table}" (
  entry_key   TEXT COLLATE "C" NOT NULL PRIMARY KEY, -- byte order, exact
  entry_value TEXT   NOT NULL,
  metadata    TEXT   NOT NULL,                      -- JSON object of strings
  expires_at  BIGINT NOT NULL                       -- Unix epoch milliseconds, UTC
)`,
    `CREATE INDEX IF NOT EXISTS "${expiryIndexName(table)}" ON "${table}" (expires_at)`,
  ],
};
