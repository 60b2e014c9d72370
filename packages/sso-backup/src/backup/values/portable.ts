import type { ValueKind } from '../types.js';

/**
 * A value in the portable row format (one JSON array per row, one line per row):
 * `null`, a safe integer, a string (text; Zato dates as text), a boolean, `{"b": base64}` for
 * blobs (bytes exactly), `{"f": n}` for a real, `{"i": "digits"}` for an integer beyond 2^53.
 */
export type PortableValue = null | number | string | boolean | { b: string } | { f: number } | { i: string };

/**
 * A batch of rows in portable values. A PostgreSQL batch read with COPY also carries the COPY text
 * of its rows (`copyText`, each line `\n`-terminated) when that text loads back as it is (no bytea).
 */
export type RowBatch = PortableValue[][] & { copyText?: string };

/** A value as a driver returns it (better-sqlite3, pg, mysql2). */
export type DriverValue = unknown;

/** An integer's decimal text. */
const INTEGER_TEXT = /^-?\d+$/;

/**
 * Converts what a driver returned for a column of `kind` into a {@link PortableValue}. Since
 * bundle format 2, the integers 0 and 1 of a boolean column become `false` / `true` (the
 * canonical form, so most rows' portable line is also their checksum line).
 */
export function toPortable(v: DriverValue, kind: ValueKind): PortableValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      if (kind === 'bool' && (v === 0 || v === 1)) return v === 1;
      return Number.isInteger(v) && kind !== 'real' ? v : { f: v };
    case 'string':
      // Only digits become a number or `{"i"}` (written bare into SQL); other text stays text.
      if (kind === 'int') return Number.isSafeInteger(Number(v)) ? Number(v) : INTEGER_TEXT.test(v) ? { i: v } : v;
      if (kind === 'real') return { f: Number(v) };
      return v;
    case 'boolean':
      return v;
    case 'bigint': {
      // A safe integer is converted as the number it is (a boolean column's 0/1 included).
      const n = Number(v);
      return Number.isSafeInteger(n) ? toPortable(n, kind) : { i: v.toString() };
    }
    default:
      if (Buffer.isBuffer(v)) return { b: v.toString('base64') };
      if (v instanceof Uint8Array) return { b: Buffer.from(v).toString('base64') };
      if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '000');
      return String(v);
  }
}

/**
 * Converts a driver row into portable values in place (the common values — NULL, text, safe
 * integers — are left as they are without a call) and returns it.
 */
export function toPortableInPlace(row: unknown[], kinds: readonly ValueKind[]): PortableValue[] {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (v === null) continue;
    const k = kinds[i];
    if (typeof v === 'string') {
      if (k !== 'int' && k !== 'real') continue;
    } else if (typeof v === 'number' && k !== 'bool' && k !== 'real' && Number.isSafeInteger(v)) continue;
    row[i] = toPortable(v, k ?? 'text');
  }
  return row as PortableValue[];
}

/** The bytes of a `{"b": …}` value. */
export function blobBytes(v: { b: string }): Buffer {
  return Buffer.from(v.b, 'base64');
}

/** True for a `{"b": …}` (blob) portable value. */
export function isBlob(v: PortableValue): v is { b: string } {
  return typeof v === 'object' && v !== null && 'b' in v;
}

const ZATO_DATE = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/;

/** True when {@link normalizeZatoDate} leaves `s` as it is (fast for Zato's own 26-character form). */
export function isNormalZatoDate(s: string): boolean {
  return (s.length === 26 && s.charCodeAt(10) === 32) || normalizeZatoDate(s) === s;
}

/**
 * Zato's text form of a datetime, `YYYY-MM-DD HH:MM:SS.ffffff` (naive UTC, 6 digits), for a value
 * in any of the forms the engines print; other text is returned unchanged.
 */
export function normalizeZatoDate(s: string): string {
  const m = ZATO_DATE.exec(s);
  if (!m) return s;
  return `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(6, '0')}`;
}
