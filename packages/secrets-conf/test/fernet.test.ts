import { createHmac } from 'node:crypto';
import { isAuthstateError } from '@authstate/oocd-core';
import { describe, expect, test } from '@jest/globals';
import { Fernet, validateFernetKey } from '../src/index.js';

// The published vector of https://github.com/fernet/spec (generate.json / verify.json).
const SPEC = {
  secret: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
  now: new Date('1985-10-26T01:20:00-07:00'),
  iv: Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'),
  src: 'hello',
  token: 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isAuthstateError(e) ? e.code : 'not-authstate';
  }
  return undefined;
}

describe('Fernet', () => {
  test('generates the spec test vector exactly', () => {
    expect(new Fernet(SPEC.secret).encrypt(SPEC.src, { now: SPEC.now, iv: SPEC.iv })).toBe(SPEC.token);
  });

  test('verifies the spec test vector (within its 60 s TTL at spec time)', () => {
    const f = new Fernet(SPEC.secret);
    expect(f.decrypt(SPEC.token, { ttlSec: 60, now: new Date(SPEC.now.getTime() + 30_000) }).toString()).toBe('hello');
    expect(codeOf(() => f.decrypt(SPEC.token, { ttlSec: 60, now: new Date(SPEC.now.getTime() + 120_000) }))).toBe('INVALID_ARGUMENT');
  });

  test('round-trips text, binary and empty data with a fresh key; tokens start gAAAAA', () => {
    const f = new Fernet(Fernet.generateKey());
    for (const data of ['', 'żółw 🐢', Buffer.from([0, 255, 1, 254])]) {
      const token = f.encrypt(data);
      expect(token.startsWith('gAAAAA')).toBe(true);
      expect(token).toMatch(/^[A-Za-z0-9_-]+=*$/);
      expect(token.length % 4).toBe(0);
      expect(f.decrypt(token)).toEqual(typeof data === 'string' ? Buffer.from(data) : data);
      expect(f.decrypt(Buffer.from(token, 'ascii'))).toEqual(typeof data === 'string' ? Buffer.from(data) : data);
    }
  });

  test('another key is WRONG_KEY; a flipped byte is WRONG_KEY; malformed tokens are CORRUPT', () => {
    const f = new Fernet(Fernet.generateKey());
    const token = f.encrypt('secret');
    expect(codeOf(() => new Fernet(Fernet.generateKey()).decrypt(token))).toBe('WRONG_KEY');
    const raw = Buffer.from(token, 'base64url');
    raw[30] = (raw[30] ?? 0) ^ 1;
    expect(codeOf(() => f.decrypt(raw.toString('base64url')))).toBe('WRONG_KEY');
    expect(codeOf(() => f.decrypt('not a token!'))).toBe('CORRUPT');
    expect(codeOf(() => f.decrypt(token.slice(0, 40)))).toBe('CORRUPT');
    const v81 = Buffer.from(token, 'base64url');
    v81[0] = 0x81;
    expect(codeOf(() => f.decrypt(v81.toString('base64url')))).toBe('CORRUPT');
  });

  test('a valid HMAC over bad padding is CORRUPT, not a crash', () => {
    const key = Fernet.generateKey();
    const raw = Buffer.from(key, 'base64url');
    const body = Buffer.concat([Buffer.from([0x80]), Buffer.alloc(8), Buffer.alloc(16), Buffer.alloc(16, 7)]);
    const mac = createHmac('sha256', raw.subarray(0, 16)).update(body).digest();
    expect(codeOf(() => new Fernet(key).decrypt(Buffer.concat([body, mac]).toString('base64url')))).toBe('CORRUPT');
  });

  test('keys are validated: 32 bytes of url-safe base64, CONFIG otherwise, without echoing the key', () => {
    expect(validateFernetKey(SPEC.secret)).toBe(SPEC.secret);
    for (const bad of ['', 'short', SPEC.secret.slice(0, 43), `${SPEC.secret.slice(0, 42)}+=`, Buffer.alloc(16).toString('base64')]) {
      expect(codeOf(() => new Fernet(bad))).toBe('CONFIG');
    }
    let message = '';
    try {
      validateFernetKey('s3cr3t-value-that-is-not-a-key', 'MY_KEY');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('MY_KEY');
    expect(message).not.toContain('s3cr3t');
  });
});
