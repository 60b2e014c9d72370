import { isUtf8 } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import type { ValueKind } from '../types.js';
import { blobBytes, normalizeZatoDate, type PortableValue } from './portable.js';

/**
 * The canonical form of a value, the same whichever engine the row was read from, so a table's
 * checksum on SQLite equals the checksum of its restore on PostgreSQL or MariaDB:
 * text and blobs are both their text when the bytes are UTF-8 (`{"x": hex}` otherwise), booleans
 * are `true`/`false` (also SQLite's 0/1 in a BOOLEAN column), datetimes are Zato's text form,
 * integers are numbers (`{"i": …}` beyond 2^53), reals `{"f": n}`, NULL is `null`.
 */
export function canonicalValue(v: PortableValue, kind: ValueKind): unknown {
  if (v === null) return null;
  if (typeof v === 'object') {
    if ('b' in v) {
      const bytes = blobBytes(v);
      if (!isUtf8(bytes)) return { x: bytes.toString('hex') };
      return canonicalValue(bytes.toString('utf8'), kind);
    }
    if ('i' in v) return Number.isSafeInteger(Number(v.i)) ? Number(v.i) : v;
    return kind === 'int' && Number.isInteger(v.f) ? v.f : v;
  }
  if (kind === 'bool' && typeof v === 'number' && (v === 0 || v === 1)) return v === 1;
  if (kind === 'datetime' && typeof v === 'string') return normalizeZatoDate(v);
  return v;
}

/**
 * A running per-table checksum: SHA-256 over one canonical JSON line per row, rows in primary-key
 * order. Hex digest plus the row count.
 *
 * @example
 * ```ts
 * const sum = new TableChecksum(kinds); for (const row of rows) sum.add(row); sum.digest();
 * ```
 */
export class TableChecksum {
  readonly #kinds: readonly ValueKind[];
  readonly #hash: Hash = createHash('sha256');
  rows = 0;

  constructor(kinds: readonly ValueKind[]) {
    this.#kinds = kinds;
  }

  /** Adds one row (portable values in column order). */
  add(row: readonly PortableValue[]): void {
    const out = new Array<unknown>(row.length);
    for (let i = 0; i < row.length; i++) out[i] = canonicalValue(row[i] as PortableValue, this.#kinds[i] ?? 'text');
    this.#hash.update(`${JSON.stringify(out)}\n`);
    this.rows++;
  }

  /** The hex SHA-256 of the rows added. */
  digest(): string {
    return this.#hash.digest('hex');
  }
}
