import { isUtf8 } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import { fail } from '../errors.js';
import type { ValueKind } from '../types.js';
import { blobBytes, isNormalZatoDate, normalizeZatoDate, type PortableValue } from './portable.js';

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
 * True when every value of the row is its own canonical form (NULL, text that needs no date
 * normalisation, booleans, numbers outside boolean columns): then the row's portable JSON line is
 * also its canonical line. Blobs, `{"i"}`/`{"f"}` values and 0/1 in boolean columns are not.
 */
export function isCanonicalRow(row: readonly PortableValue[], kinds: readonly ValueKind[]): boolean {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (v === null || v === undefined) continue;
    switch (typeof v) {
      case 'string':
        if (kinds[i] === 'datetime' && !isNormalZatoDate(v)) return false;
        break;
      case 'number':
        if (kinds[i] === 'bool' && (v === 0 || v === 1)) return false;
        break;
      case 'boolean':
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * The canonical JSON line of a row (without the newline): `JSON.stringify` of its canonical
 * values. `line`, when given, must be `JSON.stringify(row)` and is reused for canonical rows.
 */
export function canonicalLine(row: readonly PortableValue[], kinds: readonly ValueKind[], line?: string): string {
  if (isCanonicalRow(row, kinds)) return line ?? JSON.stringify(row);
  const out = new Array<unknown>(row.length);
  for (let i = 0; i < row.length; i++) out[i] = canonicalValue(row[i] as PortableValue, kinds[i] ?? 'text');
  return JSON.stringify(out);
}

/** Characters of canonical text buffered before it is hashed. */
const HASH_CHUNK = 1024 * 1024;

/**
 * A running per-table checksum: SHA-256 over one canonical JSON line per row (`\n`-terminated),
 * rows in primary-key order. Hex digest plus the row count. Lines are buffered and hashed in large
 * chunks. With `hashing` false it only counts rows (a `--format sql` backup without checksums):
 * {@link add} and {@link addBytes} count, {@link count} may be used without the lines, and there is
 * no digest.
 *
 * @example
 * ```ts
 * const sum = new TableChecksum(kinds); for (const row of rows) sum.add(row); sum.digest();
 * ```
 */
export class TableChecksum {
  readonly #kinds: readonly ValueKind[];
  readonly #hash: Hash | undefined;
  #pending = '';
  rows = 0;

  constructor(
    kinds: readonly ValueKind[],
    readonly hashing = true,
  ) {
    this.#kinds = kinds;
    this.#hash = hashing ? createHash('sha256') : undefined;
  }

  /** Adds one row (portable values in column order); `line` as in {@link canonicalLine}. */
  add(row: readonly PortableValue[], line?: string): void {
    this.rows++;
    if (!this.#hash) return;
    this.#pending += `${canonicalLine(row, this.#kinds, line)}\n`;
    if (this.#pending.length >= HASH_CHUNK) this.#flush();
  }

  /** Adds `rows` rows whose canonical lines (each `\n`-terminated, UTF-8) are `bytes`. */
  addBytes(bytes: Uint8Array, rows: number): void {
    this.rows += rows;
    if (!this.#hash) return;
    this.#flush();
    this.#hash.update(bytes);
  }

  /** Counts `rows` rows without their lines: only when not {@link hashing} (else an internal error). */
  count(rows: number): void {
    if (this.#hash) throw fail('CONFIG', 'Internal: rows counted without their canonical lines while hashing. Report this as a bug.');
    this.rows += rows;
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    this.#hash?.update(this.#pending);
    this.#pending = '';
  }

  /** The hex SHA-256 of the rows added (only when {@link hashing}, else an internal error). */
  digest(): string {
    if (!this.#hash) throw fail('CONFIG', 'Internal: the digest of a row count that does not hash. Report this as a bug.');
    this.#flush();
    return this.#hash.digest('hex');
  }
}
