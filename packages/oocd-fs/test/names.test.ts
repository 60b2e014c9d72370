import { describe, expect, test } from '@jest/globals';
import { decodeSegment, ENTRY_SUFFIX, encodeSegment } from '../src/names.js';

const SEGMENTS = [
  'a',
  'A',
  '%',
  '%25',
  '%2e%2e',
  '..%2f',
  '..x',
  '...',
  '.lock',
  '.tmp-abc',
  '.entry',
  'x.entry',
  'x.entry.entry',
  'x%2Eentry',
  'a b',
  'ü',
  'u\u0308',
  '😀',
  '\\',
  '*?:"<>|',
  '%~',
  'a%~b',
];

describe('segment names', () => {
  test.each(SEGMENTS)('%j maps to a safe name and back', (segment) => {
    const name = encodeSegment(segment);
    expect(decodeSegment(name)).toBe(segment);
    expect(name.startsWith('.')).toBe(false);
    expect(name.includes('/')).toBe(false);
    expect(name.endsWith(ENTRY_SUFFIX)).toBe(false);
    expect(Buffer.byteLength(name + ENTRY_SUFFIX)).toBeLessThanOrEqual(255);
  });

  test('distinct segments get distinct names, and an entry name never equals a branch name', () => {
    const names = SEGMENTS.map(encodeSegment);
    expect(new Set(names).size).toBe(SEGMENTS.length);
    const entryNames = new Set(names.map((n) => n + ENTRY_SUFFIX));
    for (const n of names) expect(entryNames.has(n)).toBe(false);
  });

  test('long segments (over NAME_MAX once escaped) get a hashed name that fits and stays distinct', () => {
    const long = ['s'.repeat(300), 's'.repeat(301), '%'.repeat(90), 'é'.repeat(500), `${'s'.repeat(300)}.entry`];
    const names = long.map(encodeSegment);
    for (const n of names) {
      expect(Buffer.byteLength(n + ENTRY_SUFFIX)).toBeLessThanOrEqual(255);
      expect(n.startsWith('.')).toBe(false);
      expect(decodeSegment(n)).toBeUndefined(); // the full segment is read from the entry file
    }
    expect(new Set(names).size).toBe(long.length);
  });

  test('names this package did not write are not decoded', () => {
    for (const name of ['%2e', '%41', '%zz', 'a%2', '.hidden', 'x.entry', `${'s'.repeat(260)}`]) {
      expect(decodeSegment(name)).toBeUndefined();
    }
  });
});
