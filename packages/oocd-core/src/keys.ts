import { errorFactory } from './errors.js';

const fail = errorFactory('oocd-core');

/** Longest key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** The root branch. */
export const ROOT = '/';

// C0 controls, DEL and C1 controls (NUL included).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// In unicode mode this class matches only unpaired surrogates.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Checks a key against the key rules and returns it unchanged. Keys are like file-system paths:
 * `/`-separated, starting with `/`, no empty, `.` or `..` segments, no control characters (NUL
 * included), valid Unicode, at most {@link MAX_KEY_BYTES} UTF-8 bytes. They are byte-exact and
 * case-sensitive: no normalisation happens.
 *
 * @throws AuthstateError `INVALID_KEY` naming the rule broken.
 */
export function validateKey(key: unknown): string {
  if (typeof key !== 'string') throw fail('INVALID_KEY', `Key must be a string, got ${typeof key}.`);
  if (!key.startsWith('/')) throw fail('INVALID_KEY', `Key ${show(key)} must start with "/".`);
  if (key === '/') throw fail('INVALID_KEY', 'Key "/" is the root branch, not an entry: add a name, e.g. "/a".');
  if (LONE_SURROGATE.test(key)) throw fail('INVALID_KEY', `Key ${show(key)} contains a lone surrogate (not valid UTF-16/UTF-8).`);
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    throw fail('INVALID_KEY', `Key is ${bytes} UTF-8 bytes long; the limit is ${MAX_KEY_BYTES}. Use a shorter key (e.g. hash long ids).`);
  }
  if (CONTROL.test(key)) throw fail('INVALID_KEY', `Key ${show(key)} contains a NUL or control character; remove it.`);
  for (const segment of key.slice(1).split('/')) {
    if (segment === '') throw fail('INVALID_KEY', `Key ${show(key)} has an empty segment ("//" or a trailing "/").`);
    if (segment === '.' || segment === '..') {
      throw fail('INVALID_KEY', `Key ${show(key)} has a "${segment}" segment; keys are absolute and never relative.`);
    }
  }
  return key;
}

/**
 * Checks a branch and returns it in canonical form: `/` for the root, otherwise a valid key
 * without a trailing slash (`/a/b/` is accepted as `/a/b`).
 */
export function normalizeBranch(branch: unknown): string {
  if (branch === '/') return ROOT;
  if (typeof branch === 'string' && branch.length > 1 && branch.endsWith('/') && !branch.endsWith('//')) {
    return validateKey(branch.slice(0, -1));
  }
  return validateKey(branch);
}

/** The prefix every key strictly below `branch` starts with (`/a` → `/a/`, `/` → `/`). */
export function branchPrefix(branch: string): string {
  return branch === ROOT ? ROOT : `${branch}/`;
}

/** The segments of a key or branch (`/a/b` → `['a','b']`, `/` → `[]`). */
export function keySegments(key: string): string[] {
  return key === ROOT ? [] : key.slice(1).split('/');
}

/** Joins a branch and a child name into a key. */
export function childKey(branch: string, name: string): string {
  return branchPrefix(branch) + name;
}

/** True when `key` lies strictly below `branch` (directly, or anywhere with `recursive`). */
export function isBelow(key: string, branch: string, recursive: boolean): boolean {
  const prefix = branchPrefix(branch);
  if (!key.startsWith(prefix) || key.length === prefix.length) return false;
  return recursive || !key.includes('/', prefix.length);
}

/**
 * Orders keys by their UTF-8 bytes: the order of SQL binary collations and of `ls` in the C
 * locale. JavaScript's default string order differs above U+FFFF: UTF-16 code-unit order equals
 * code-point (= UTF-8 byte) order except that a surrogate (D800–DFFF, part of a code point above
 * U+FFFF) must sort after every BMP unit. Comparing code units with that one correction avoids
 * encoding the strings.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function show(key: string): string {
  const shown = key.length > 80 ? `${key.slice(0, 77)}...` : key;
  return JSON.stringify(shown);
}
