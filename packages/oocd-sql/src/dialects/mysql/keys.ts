import { sql } from 'kysely';
import type { KeyCodec } from '../parts/key-codec.js';
import type { KeyFunctions } from '../parts/key-functions.js';

/** Keys bound as UTF-8 bytes to the VARBINARY column, read back as text. */
export const binaryKeys: KeyCodec = {
  keyParam: (key) => Buffer.from(key, 'utf8'),
  readKey: (raw) => (typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)),
  // Keys are valid UTF-8 (the core checks them), so the cast is exact.
  keyAsText: (key) => sql<string>`CAST(${key} AS CHAR CHARACTER SET utf8mb4)`,
  // On VARBINARY, SUBSTRING/LOCATE count bytes.
  prefixLength: (prefix) => Buffer.byteLength(prefix, 'utf8'),
};

/** MariaDB's string functions (on VARBINARY they count bytes). */
export const mysqlFunctions: KeyFunctions = {
  slashAfter: (key, n) => sql<number>`LOCATE('/', SUBSTRING(${key}, ${n} + 1))`,
  concat: (a, b) => sql`CONCAT(${a}, ${b})`,
  head: (s, n) => sql`SUBSTRING(${s}, 1, ${n})`,
  asKey: (e) => sql`${e}`,
};
