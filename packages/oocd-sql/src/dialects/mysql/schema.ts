import { expiryIndexName } from '../../table.js';
import type { TableSchema } from '../parts/table-schema.js';

/**
 * VARBINARY(1024) keys: byte-exact, no case folding, no PAD SPACE, and 1024 bytes fit the
 * 3072-byte index limit.
 */
export const mysqlSchema: TableSchema = {
  ddl: (table) => [
    `CREATE TABLE IF NOT EXISTS \`${table}\` (
  \`entry_key\`   VARBINARY(1024) NOT NULL, -- UTF-8 bytes: exact, case- and space-sensitive
  \`entry_value\` LONGTEXT NOT NULL,
  \`metadata\`    MEDIUMTEXT NOT NULL,      -- JSON object of strings
  \`expires_at\`  BIGINT NOT NULL,          -- Unix epoch milliseconds, UTC
  PRIMARY KEY (\`entry_key\`),
  INDEX \`${expiryIndexName(table)}\` (\`expires_at\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  ],
};
