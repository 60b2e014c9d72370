import type { Engine } from '../types.js';

/** A size argument: `(n)` or `(n,m)`, a few digits each. */
const SIZE = String.raw`(?:\(\d{1,5}(?:, ?\d{1,3})?\))?`;

/**
 * The column types a same-engine restore may take over from a bundle's schema as they were
 * declared in the source (so a restored PostgreSQL or MariaDB table keeps e.g. Zato's
 * `timestamp without time zone` or `datetime`): type names only, with an optional size. Nothing
 * else of a bundle's DDL text is ever run on these engines.
 */
const NATIVE_TYPES: Record<Exclude<Engine, 'sqlite'>, RegExp> = {
  postgresql: new RegExp(
    String.raw`^(?:smallint|integer|bigint|boolean|text|bytea|real|double precision|json|jsonb|uuid|` +
      String.raw`numeric${SIZE}|character varying${SIZE}|character${SIZE}|timestamp${SIZE} with(?:out)? time zone)$`,
    'i',
  ),
  mysql: new RegExp(
    String.raw`^(?:(?:tinyint|smallint|mediumint|int|bigint)${SIZE}(?: unsigned)?|bool|boolean|float|double|` +
      String.raw`decimal${SIZE}|varchar${SIZE}|char${SIZE}|varbinary${SIZE}|binary${SIZE}|` +
      String.raw`(?:tiny|medium|long)?(?:text|blob)|json|datetime${SIZE}|timestamp${SIZE}|date)$`,
    'i',
  ),
};

/**
 * `sqlType` when it is a plain column type of `engine` (see {@link NATIVE_TYPES}), else undefined:
 * then the restore spells the column from its logical kind, as for a cross-engine restore.
 *
 * @example
 * ```ts
 * nativeType('postgresql', 'character varying(191)'); // 'character varying(191)'
 * nativeType('postgresql', 'text); DROP TABLE x; --'); // undefined
 * ```
 */
export function nativeType(engine: Engine, sqlType: string): string | undefined {
  if (engine === 'sqlite') return undefined;
  return NATIVE_TYPES[engine].test(sqlType) ? sqlType : undefined;
}
