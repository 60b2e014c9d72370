import type { KeyCodec } from '../parts/key-codec.js';

/**
 * Keys as TEXT (SQLite, PostgreSQL): bound and read as strings; `substr` counts characters (code
 * points) — for PostgreSQL in a UTF8 database.
 */
export const textKeys: KeyCodec = {
  keyParam: (key) => key,
  readKey: (raw) => String(raw),
  prefixLength: (prefix) => [...prefix].length,
};
