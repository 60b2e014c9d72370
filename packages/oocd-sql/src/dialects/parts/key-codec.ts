import type { Expression, RawBuilder } from 'kysely';

/** Key encoding: how keys travel to and from the key column. */
export interface KeyCodec {
  /** A key as a statement parameter (MariaDB binds bytes to its VARBINARY key). */
  keyParam(key: string): unknown;
  /** A key as read from the key column (or from {@link KeyCodec.keyAsText}). */
  readKey(raw: unknown): string;
  /**
   * SQL: the key column as reads return it, when the column's own type would make the client
   * library hand over something slower to turn into a string (MariaDB: VARBINARY arrives as a
   * Buffer; `CAST(… AS CHAR CHARACTER SET utf8mb4)` makes the server send text the client decodes
   * on its fast path). Absent: the column as is.
   */
  keyAsText?(key: Expression<unknown>): RawBuilder<string>;
  /** A key prefix's length in the units the dialect's `substr` counts (characters or bytes). */
  prefixLength(prefix: string): number;
}
