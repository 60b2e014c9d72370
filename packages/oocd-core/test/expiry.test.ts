import { describe, expect, test } from '@jest/globals';
import { MAX_EXPIRY, openOocd, parseDuration, parseInstant, resolveExpiry } from '../src/index.js';

const NOW = new Date('2026-01-01T00:00:00.000Z');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('resolveExpiry: every caller gets the same checks', () => {
  test.each([
    ['ttlMs 1e300', { ttlMs: 1e300 }, /beyond 9999/],
    ['ttlMs NaN', { ttlMs: Number.NaN }, /finite number/],
    ['ttlMs Infinity', { ttlMs: Number.POSITIVE_INFINITY }, /finite number/],
    ['ttlMs -Infinity', { ttlMs: Number.NEGATIVE_INFINITY }, /finite number/],
    ['ttlMs negative', { ttlMs: -5000 }, /at least 1 millisecond/],
    ['ttlMs zero', { ttlMs: 0 }, /at least 1 millisecond/],
    ['ttlMs a string', { ttlMs: '60000' }, /finite number.*string/],
    ['ttlMs past the max instant', { ttlMs: MAX_EXPIRY.getTime() - NOW.getTime() + 1 }, /after 9999-12-31/],
    ['expiresAt invalid', { expiresAt: new Date('nope') }, /valid Date/],
    ['expiresAt a string', { expiresAt: '2030-01-01T00:00:00Z' }, /valid Date/],
    ['expiresAt past the max', { expiresAt: new Date(MAX_EXPIRY.getTime() + 1) }, /after 9999-12-31/],
    ['expiresAt before 1970', { expiresAt: new Date(-1) }, /before 1970/],
    ['both', { ttlMs: 1, expiresAt: NOW }, /not both/],
    ['neither', {}, /Give an expiry/],
  ])('%s → INVALID_ARGUMENT', (_name, opts, message) => {
    expect(() => resolveExpiry(opts as never, NOW)).toThrow(message);
    expect(codeOf(() => resolveExpiry(opts as never, NOW))).toBe('INVALID_ARGUMENT');
  });

  test('valid expiries: ttl from now (fractions dropped), instants up to the max, past instants', () => {
    expect(resolveExpiry({ ttlMs: 1500.9 }, NOW).toISOString()).toBe('2026-01-01T00:00:01.500Z');
    expect(resolveExpiry({ expiresAt: MAX_EXPIRY }, NOW).getTime()).toBe(MAX_EXPIRY.getTime());
    expect(resolveExpiry({ expiresAt: new Date('2001-01-01T00:00:00Z') }, NOW).getUTCFullYear()).toBe(2001);
  });

  test('the service refuses an absurd ttl before the backend sees it (no BACKEND error)', async () => {
    const oocd = await openOocd({ class: 'memory', reaperInterval: 0 });
    try {
      await expect(oocd.set('/a', 'v', { ttlMs: 1e300 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(oocd.create('/a', 'v', { ttlMs: Number.NaN })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await oocd.get('/a')).toBeUndefined();
    } finally {
      await oocd.close();
    }
  });
});

describe('parseDuration', () => {
  test.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    [' 5m ', 300_000],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each([
    ['-5m', /negative/],
    ['0s', /zero/],
    ['99999999999d', /too long/],
    [`${'9'.repeat(400)}d`, /too long/],
    ['5 minutes', /not a duration/],
    ['5M', /not a duration/],
    ['1.5h', /not a duration/],
    ['1e3s', /not a duration/],
    ['5', /not a duration/],
    ['', /not a duration/],
  ])('%j is refused (%s), naming the input', (text, message) => {
    expect(() => parseDuration(text, '--ttl')).toThrow(message);
    expect(() => parseDuration(text, '--ttl')).toThrow(`--ttl ${JSON.stringify(text.slice(0, 40))}`);
    expect(codeOf(() => parseDuration(text))).toBe('INVALID_ARGUMENT');
  });
});

describe('parseInstant', () => {
  test.each([
    ['2030-01-31T12:00:00Z', '2030-01-31T12:00:00.000Z'],
    ['2030-01-31T12:00Z', '2030-01-31T12:00:00.000Z'],
    ['2030-01-31T13:00:00.25+01:00', '2030-01-31T12:00:00.250Z'],
    ['2030-01-31T06:30:00-0530', '2030-01-31T12:00:00.000Z'],
    ['2030-01-31t12:00:00.123456789z', '2030-01-31T12:00:00.123Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%j → %s', (text, iso) => {
    expect(parseInstant(text).toISOString()).toBe(iso);
  });

  test.each([
    ['2030-02-31T00:00:00Z', /day that does not exist/],
    ['2029-02-29T00:00:00Z', /day that does not exist/],
    ['2030-04-31T00:00:00Z', /day that does not exist/],
    ['2030-13-01T00:00:00Z', /day that does not exist/],
    ['2030-00-10T00:00:00Z', /day that does not exist/],
    ['2030-01-00T00:00:00Z', /day that does not exist/],
    ['2030-01-01T24:00:00Z', /time of day/],
    ['2030-01-01T23:60:00Z', /time of day/],
    ['2030-01-01T23:59:60Z', /time of day/],
    ['2030-01-01T00:00:00+24:00', /zone offset/],
    ['2030-01-01T00:00:00', /with a zone/],
    ['2030-01-01', /with a zone/],
    ['2030-01-01 00:00:00Z', /with a zone/],
    ['tomorrow', /with a zone/],
    ['+275760-09-13T00:00:00Z', /with a zone/],
    ['1e12', /with a zone/],
  ])('%j is refused (%s)', (text, message) => {
    expect(() => parseInstant(text, '--expires')).toThrow(message);
    expect(codeOf(() => parseInstant(text))).toBe('INVALID_ARGUMENT');
  });
});
