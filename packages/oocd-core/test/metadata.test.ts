import { describe, expect, test } from '@jest/globals';
import { openOocd, validateMetadata, validateMetadataName } from '../src/index.js';

describe('metadata names', () => {
  test.each(['__proto__', 'constructor', 'prototype'])('%j is refused with INVALID_ARGUMENT, never silently dropped', async (name) => {
    expect(() => validateMetadataName(name)).toThrow(/reserved/);
    // As a JSON body brings it: an own property, which Object.entries sees.
    const fromJson = JSON.parse(`{${JSON.stringify(name)}: "x", "ok": "y"}`) as Record<string, string>;
    expect(() => validateMetadata(fromJson)).toThrow(/reserved/);
    const oocd = await openOocd({ class: 'memory', reaperInterval: 0 });
    try {
      await expect(oocd.set('/m', 'v', { ttlMs: 60_000, metadata: fromJson })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await oocd.get('/m')).toBeUndefined();
    } finally {
      await oocd.close();
    }
  });

  test('other names are kept, including look-alikes', () => {
    const m = validateMetadata({ issuer: 'idp1', __proto: 'a', Constructor: 'b', 'x.prototype': 'c' });
    expect({ ...m }).toEqual({ issuer: 'idp1', __proto: 'a', Constructor: 'b', 'x.prototype': 'c' });
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
  });

  test('empty names and NUL are refused', () => {
    expect(() => validateMetadataName('')).toThrow(/non-empty/);
    expect(() => validateMetadata({ 'a\u0000': 'x' })).toThrow(/NUL/);
  });
});
