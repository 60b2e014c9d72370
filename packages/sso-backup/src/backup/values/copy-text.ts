import type { ValueKind } from '../types.js';
import { type PortableValue, toPortable } from './portable.js';

const ESCAPED = /[\\\t\n\r]/g;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Text as a field of PostgreSQL's COPY text format (backslash, tab, newline, CR escaped). */
export function copyEscape(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPED, (c) => ESCAPES[c] ?? c) : s;
}

/** A value bound for a PostgreSQL column (after `toTarget`) as a COPY text field. */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  switch (typeof v) {
    case 'string':
      return copyEscape(v);
    case 'boolean':
      return v ? 't' : 'f';
    case 'number':
      return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : '-Infinity';
    case 'bigint':
      return v.toString();
    default:
      if (v instanceof Uint8Array) return `\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
      return copyEscape(String(v));
  }
}

const UNESCAPE = /\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|([\s\S]))/g;
const SIMPLE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** The text of one COPY text field (its backslash sequences decoded). */
export function copyUnescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(UNESCAPE, (_, oct: string | undefined, hex: string | undefined, c: string | undefined) => {
    if (oct !== undefined) return String.fromCharCode(Number.parseInt(oct, 8));
    if (hex !== undefined) return String.fromCharCode(Number.parseInt(hex, 16));
    return SIMPLE[c as string] ?? (c as string);
  });
}

/**
 * One line of `COPY (SELECT …) TO STDOUT` (text format) as portable values. The select must give
 * datetimes as Zato's text and byteas as `encode(c, 'hex')` (see read-rows).
 */
export function parseCopyLine(line: string, kinds: readonly ValueKind[]): PortableValue[] {
  const fields = line.split('\t');
  const row = new Array<PortableValue>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string;
    if (f === '\\N') {
      row[i] = null;
      continue;
    }
    const kind = kinds[i] ?? 'text';
    switch (kind) {
      case 'text':
      case 'datetime':
        row[i] = copyUnescape(f);
        break;
      case 'bool':
        row[i] = f === 't';
        break;
      case 'blob':
        row[i] = { b: Buffer.from(f, 'hex').toString('base64') };
        break;
      default:
        row[i] = toPortable(f, kind);
    }
  }
  return row;
}
