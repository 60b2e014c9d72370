// Through getBuiltinModule: the ES-module facade of node:crypto costs CLI start-up milliseconds.
const { createHash } = process.getBuiltinModule('node:crypto');

/** Suffix of entry files; a branch directory has the bare name. No escaped name ends with it. */
export const ENTRY_SUFFIX = '.entry';
/** Prefix of temporary files (and every other bookkeeping name): no escaped name starts with a dot. */
export const TEMP_PREFIX = '.tmp-';
/** The global lock file in the data directory's root. */
export const LOCK_FILE = '.lock';
/** The change journal in the data directory's root (see `journal.ts`). */
export const JOURNAL_FILE = '.journal';
/** Empty marker file in the data directory's root: every entry file's mtime is its expiry. */
export const STAMPED_MARKER = '.expiry-in-mtime';
/** Longest file name (bytes) on Linux file systems. */
export const NAME_MAX = 255;
/** Marks a hashed name: `%` is otherwise always followed by two hex digits. */
const HASH_MARK = '%~';
const HASH_PREFIX_BYTES = 64;
/** Short printable-ASCII segments that need no escaping (no `%`, `/`, controls, leading dot). */
const PLAIN = /^[\x20-\x24\x26-\x2d\x30-\x7e][\x20-\x24\x26-\x2e\x30-\x7e]{0,200}$/;

/**
 * Maps one key segment to its base file name, reversibly: `%` becomes `%25`, a leading `.` becomes
 * `%2E` (so no name is `.`/`..`, hidden, or a bookkeeping name), a `.` that would make the name end
 * in {@link ENTRY_SUFFIX} becomes `%2E`, and `/`, control characters and DEL are percent-encoded
 * (the key rules refuse them anyway). Everything else, unicode included, stays as it is, so `ls`
 * shows the keys. A name that would not fit {@link NAME_MAX} with its suffix becomes
 * `<escaped prefix>%~<sha256 of the segment>`; its full segment is the `key` in the entry file.
 *
 * @example
 * ```ts
 * encodeSegment('a%b');  // 'a%25b'
 * encodeSegment('.lock'); // '%2Elock'
 * ```
 */
export function encodeSegment(segment: string): string {
  if (PLAIN.test(segment) && !segment.endsWith(ENTRY_SUFFIX)) return segment; // the common case: nothing to escape
  const escaped = escapeSegment(segment);
  if (Buffer.byteLength(escaped) + ENTRY_SUFFIX.length <= NAME_MAX) return escaped;
  return hashedName(segment);
}

/** True when `base` is a hashed name (see {@link encodeSegment}). */
export function isHashedName(base: string): boolean {
  return base.includes(HASH_MARK);
}

/**
 * The segment a non-hashed base name stands for, or `undefined` when the name is not one this
 * package writes (hand-made files, other encodings): only canonical names are accepted.
 */
export function decodeSegment(base: string): string | undefined {
  if (PLAIN.test(base) && !base.endsWith(ENTRY_SUFFIX)) return base; // the common case: its own encoding
  if (base === '' || isHashedName(base)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < base.length; ) {
    if (base[i] === '%') {
      const hex = base.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else {
      const cp = base.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
    }
  }
  const segment = Buffer.from(bytes).toString('utf8');
  return encodeSegment(segment) === base ? segment : undefined;
}

/** True when `base` is the hashed name of `segment`. */
export function hashedNameMatches(base: string, segment: string): boolean {
  return isHashedName(base) && encodeSegment(segment) === base;
}

function hashedName(segment: string): string {
  let prefix = '';
  for (const ch of segment) {
    const next = prefix + escapeChar(ch, prefix === '');
    if (Buffer.byteLength(next) > HASH_PREFIX_BYTES) break;
    prefix = next;
  }
  return `${prefix}${HASH_MARK}${createHash('sha256').update(segment, 'utf8').digest('hex')}`;
}

function escapeSegment(segment: string): string {
  let out = '';
  let first = true;
  for (const ch of segment) {
    out += escapeChar(ch, first);
    first = false;
  }
  if (out.endsWith(ENTRY_SUFFIX)) out = `${out.slice(0, -ENTRY_SUFFIX.length)}%2E${ENTRY_SUFFIX.slice(1)}`;
  return out;
}

function escapeChar(ch: string, first: boolean): string {
  const cp = ch.codePointAt(0) as number;
  if (ch === '%' || ch === '/' || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (first && ch === '.')) {
    return [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return ch;
}
