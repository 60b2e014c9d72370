import { isUtf8 } from 'node:buffer';
import { fail } from '../errors.js';
import type { ColumnInfo, Engine } from '../types.js';
import { blobBytes, isNormalZatoDate, normalizeZatoDate, type PortableValue } from './portable.js';
import { isZatoBlobColumn } from './zato-blob-columns.js';

/** Converts a portable value into what the target engine's driver binds for `column` of `table`. */
export type ToTarget = (v: PortableValue, column: ColumnInfo, table: string) => unknown;

function asText(v: { b: string }, column: ColumnInfo, table: string): string {
  const bytes = blobBytes(v);
  if (!isUtf8(bytes)) {
    throw fail(
      'INVALID_ARGUMENT',
      `${table}.${column.name} holds binary data that is not text; the target's ${column.sqlType} column cannot take it.`,
    );
  }
  return bytes.toString('utf8');
}

function common(v: PortableValue, column: ColumnInfo, table: string, boolAs: (b: boolean) => unknown): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'boolean':
      return boolAs(v);
    case 'number':
      return column.kind === 'bool' && (v === 0 || v === 1) ? boolAs(v === 1) : v;
    case 'string':
      return column.kind === 'datetime' && !isNormalZatoDate(v) ? normalizeZatoDate(v) : v;
    default:
      if ('b' in v) return column.kind === 'blob' ? blobBytes(v) : asText(v, column, table);
      if ('i' in v) return v.i;
      return v.f;
  }
}

const SAME: ToTarget = (v) => {
  if (v === null) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'object') return v;
  if ('b' in v) return blobBytes(v);
  if ('i' in v) return BigInt(v.i);
  return v.f;
};

/**
 * The value converter for a restore into `engine`: a same-engine restore binds values verbatim
 * (blobs stay blobs, text stays text); a cross-engine one maps types so Zato on the target reads
 * them: booleans as the target spells them, Zato dates in their text form, Fernet text as blobs on
 * SQLite and as text elsewhere.
 */
export function toTarget(engine: Engine, crossEngine: boolean): ToTarget {
  if (!crossEngine) {
    if (engine === 'sqlite') return SAME;
    return (v, c, t) => common(v, c, t, engine === 'postgresql' ? (b) => b : (b) => (b ? 1 : 0));
  }
  if (engine === 'sqlite') {
    return (v, c, t) => {
      if (typeof v === 'string' && isZatoBlobColumn(t, c.name, v)) return Buffer.from(v, 'utf8');
      if (v !== null && typeof v === 'object' && 'b' in v) return blobBytes(v);
      if (v !== null && typeof v === 'object' && 'i' in v) return BigInt(v.i);
      return common(v, c, t, (b) => (b ? 1 : 0));
    };
  }
  return (v, c, t) => common(v, c, t, engine === 'postgresql' ? (b) => b : (b) => (b ? 1 : 0));
}
