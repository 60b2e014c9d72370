import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import {
  crockfordBase32,
  formatZatoDate,
  formatZatoIsoDate,
  hashPassword,
  newSessionToken,
  newUserId,
  verifyPassword,
} from '../../src/zato/index.js';

describe('passlib pbkdf2_sha512', () => {
  // computed with Python's hashlib.pbkdf2_hmac (an independent implementation) and passlib's ab64
  const VECTOR =
    '$pbkdf2-sha512$1000$AAECAwQFBgcICQoLDA0ODw$y/eRj2FwHgs6A0d8wKheOWOR5PjlKZUVEID5K8lrpY3fVCUnILd/a7SvXHROar5bA9d3J9zVifnM9vYjy0q8ZQ';

  test('verifies a hash made elsewhere, and rejects another password', () => {
    expect(verifyPassword('pässword', VECTOR)).toBe(true);
    expect(verifyPassword('password', VECTOR)).toBe(false);
  });

  test('hashes in passlib format: rounds, 64-byte salt by default, ab64 without padding, "." for "+"', () => {
    const h = hashPassword('s3cret', { rounds: 1000 });
    const [, scheme, rounds, salt, checksum] = h.split('$');
    expect(scheme).toBe('pbkdf2-sha512');
    expect(rounds).toBe('1000');
    expect(salt).toMatch(/^[A-Za-z0-9./]+$/);
    expect(Buffer.from((salt ?? '').replaceAll('.', '+'), 'base64')).toHaveLength(64);
    expect(checksum).toMatch(/^[A-Za-z0-9./]{86}$/);
    const expected = pbkdf2Sync('s3cret', Buffer.from((salt ?? '').replaceAll('.', '+'), 'base64'), 1000, 64, 'sha512');
    expect(Buffer.from((checksum ?? '').replaceAll('.', '+'), 'base64')).toEqual(expected);
    expect(verifyPassword('s3cret', h)).toBe(true);
    expect(hashPassword('x', { rounds: 1, saltBytes: 16 })).toMatch(/^\$pbkdf2-sha512\$1\$[A-Za-z0-9./]{22}\$/);
    expect(hashPassword('x')).toMatch(/^\$pbkdf2-sha512\$120000\$/);
  });

  test('a hash in another format is CORRUPT', () => {
    expect(() => verifyPassword('x', '$2b$12$abc')).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});

describe('ids and dates', () => {
  test('crockford base32 matches known values', () => {
    expect(crockfordBase32(0n)).toBe('0');
    expect(crockfordBase32(31n)).toBe('z');
    expect(crockfordBase32(32n)).toBe('10');
    expect(crockfordBase32(1234567890n)).toBe('14sc0pj'); // python base32_crockford.encode(1234567890).lower()
    expect(crockfordBase32((1n << 128n) - 1n)).toBe('7zzzzzzzzzzzzzzzzzzzzzzzzz');
  });

  test("user ids and session tokens look like Zato's", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newUserId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^zusr[0-9a-hjkmnp-tv-z]{20,26}$/);
    expect(newSessionToken()).toMatch(/^zust[0-9a-hjkmnp-tv-z]{20,26}$/);
  });

  test('formatZatoDate is naive UTC with a space and six fraction digits', () => {
    const d = new Date('2020-05-29T09:03:11.459Z');
    expect(formatZatoDate(d)).toBe('2020-05-29 09:03:11.459000');
    expect(formatZatoDate(d, 459337)).toBe('2020-05-29 09:03:11.459337');
    expect(formatZatoIsoDate(new Date('2020-01-02T03:04:05Z'))).toBe('2020-01-02T03:04:05.000000');
  });
});
