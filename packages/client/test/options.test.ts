// The constructor refuses URLs, tokens and timeouts that cannot work, with messages that never echo a token.
import { isAuthstateError } from '@authstate/oocd-core';
import { describe, expect, test } from '@jest/globals';
import { DataServiceClient } from '../src/index.js';

/** The AuthstateError the constructor throws for these arguments. */
function refusal(url: string, options?: ConstructorParameters<typeof DataServiceClient>[1]) {
  try {
    new DataServiceClient(url, options);
  } catch (e) {
    if (isAuthstateError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error(`accepted ${url}`);
}

describe('DataServiceClient constructor', () => {
  test.each([
    ['not a url', /is not a URL/],
    ['ftp://127.0.0.1:8646', /http:\/\/ or https:\/\//],
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['http://user:pw-secret@127.0.0.1:8646', /user name or password/],
    ['http://127.0.0.1:8646/?x=1', /query or fragment/],
    ['http://127.0.0.1:8646/#x', /query or fragment/],
  ])('refuses the URL %s with CONFIG', (url, message) => {
    const e = refusal(url);
    expect(e.code).toBe('CONFIG');
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('pw-secret');
  });

  test.each([
    ['a token with a newline', 'secret-token\n'],
    ['a token with a space', 'secret token'],
    ['an empty token', ''],
    ['a non-ASCII token', 'secret-tökén'],
  ])('refuses %s with CONFIG, without echoing it', (_what, token) => {
    const e = refusal('http://127.0.0.1:8646', { token });
    expect(e.code).toBe('CONFIG');
    expect(e.message).not.toContain('secret');
  });

  test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses timeoutMs %p with CONFIG', (timeoutMs) => {
    expect(refusal('http://127.0.0.1:8646', { timeoutMs }).code).toBe('CONFIG');
  });

  test('keeps the base URL without trailing slashes and the token out of its own properties', () => {
    const c = new DataServiceClient('https://oocd.example:8646/base//', { token: 'tok-secret-123' });
    expect(c.baseUrl).toBe('https://oocd.example:8646/base');
    expect(JSON.stringify(c)).not.toContain('tok-secret-123');
    expect(Object.values(c)).not.toContain('tok-secret-123');
  });
});
