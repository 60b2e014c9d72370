import { createHash } from 'node:crypto';

/**
 * Longest encoded segment kept readable. Longer names are stored under a hash (see
 * {@link segmentOf}), so that every key fits the OOCD's 1,024-byte keys and every file
 * system's 255-byte names whatever its length.
 */
export const MAX_SEGMENT_BYTES = 160;

/** Prefix of a hashed segment; `%h` is never produced by percent-escaping (it is not `%XX`). */
export const HASHED_PREFIX = '%h';

/** The segment of the empty string (an OOCD segment cannot be empty). */
const EMPTY = '%e';

// Characters a segment must not hold as such: `%` (the escape), `/` (the separator), control
// characters (refused by the OOCD) and lone surrogates (no UTF-8 form). A leading `.` is escaped
// too, so no segment is `.` or `..`.
const UNSAFE = /[%/\u0000-\u001f\u007f-\u009f]|[\uD800-\uDFFF]/u;

/**
 * Escapes any string into text that is a valid OOCD key segment, reversibly ({@link unescapeName}):
 * `%` → `%25`, `/` → `%2F`, controls → `%XX`, a lone surrogate → `%uD800`, a leading `.` → `%2E`,
 * `''` → `%e`. Everything else (unicode included) is kept, so keys stay readable in `ls` and SQL.
 * The result has no lone surrogate, so it is also valid OOCD metadata.
 */
export function escapeName(name: string): string {
  if (name === '') return EMPTY;
  if (!UNSAFE.test(name) && name.charCodeAt(0) !== 0x2e) return name;
  let out = '';
  for (const ch of name) out += escapeChar(ch, out === '');
  return out;
}

/**
 * The segment a name is stored under: its escaped form, or when that is longer than
 * {@link MAX_SEGMENT_BYTES}, `%h` + the SHA-256 of the escaped form (then the escaped form must be
 * kept in the entry's metadata to walk the branch).
 */
export function segmentOf(escaped: string): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes only near the limit.
  if (escaped.length * 3 <= MAX_SEGMENT_BYTES || Buffer.byteLength(escaped, 'utf8') <= MAX_SEGMENT_BYTES) return escaped;
  return HASHED_PREFIX + createHash('sha256').update(escaped, 'utf8').digest('base64url');
}

function escapeChar(ch: string, first: boolean): string {
  const code = ch.codePointAt(0) as number;
  if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) return `%u${code.toString(16).toUpperCase()}`;
  if (ch === '%' || ch === '/' || code < 0x20 || (code >= 0x7f && code <= 0x9f) || (first && ch === '.')) {
    return `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return ch;
}

/** The inverse of {@link escapeName}; `undefined` for a hashed or foreign segment. */
export function unescapeName(segment: string): string | undefined {
  if (segment === EMPTY) return '';
  if (segment.startsWith(HASHED_PREFIX)) return undefined;
  if (!segment.includes('%')) return segment;
  let bad = false;
  const out = segment.replace(/%(u[0-9A-F]{4}|[0-9A-F]{2}|)/g, (_m, hex: string) => {
    if (hex === '') bad = true;
    return String.fromCharCode(Number.parseInt(hex.startsWith('u') ? hex.slice(1) : hex || '0', 16));
  });
  return bad ? undefined : out;
}

/** Two hex digits spreading names over 256 shard branches (FNV-1a over the UTF-16 units). */
export function shardOf(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 24) & 0xff).toString(16).padStart(2, '0');
}
