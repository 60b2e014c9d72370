// errorForResponse turns the data service's error responses back into AuthstateError codes.
import { describe, expect, test } from '@jest/globals';
import { errorForResponse, HttpError } from '../src/index.js';

describe('errorForResponse: status (and body code) → AuthstateError', () => {
  test.each([
    [404, '{"error":"NOT_FOUND","message":"No such entry (absent or expired)."}', 'NOT_FOUND'],
    [404, '{"error":"NO_ROUTE","message":"No such route"}', 'NOT_FOUND'],
    [409, '{"error":"ALREADY_EXISTS","message":"The entry exists."}', 'ALREADY_EXISTS'],
    [400, '{"error":"INVALID_KEY","message":"[authstate] [oocd-core] Key must start with \\"/\\""}', 'INVALID_KEY'],
    [400, '{"error":"INVALID_ARGUMENT","message":"Give either"}', 'INVALID_ARGUMENT'],
    [400, 'not json', 'INVALID_ARGUMENT'],
    [401, '{"error":"UNAUTHORIZED"}', 'CONFIG'],
    [413, '{"error":"FST_ERR_CTP_BODY_TOO_LARGE","message":"Request body is too large"}', 'INVALID_ARGUMENT'],
    [500, '{"error":"BACKEND","message":"[authstate] [oocd-sql] database down"}', 'BACKEND'],
    [503, '{"error":"DISABLED","message":"off"}', 'BACKEND'],
    [502, '<html>bad gateway</html>', 'BACKEND'],
  ])('%i %s → %s', (status, body, code) => {
    const e = errorForResponse('PUT', '/v1/entries/a?ifAbsent=true', status, body);
    expect(e.code).toBe(code);
    expect(e.scope).toBe('client');
    expect(e.message).toMatch(/^\[authstate\] \[client\] /);
    expect(e.message).not.toMatch(/\[client\] .*\[authstate\]/); // the server's prefix is not repeated
    expect(e.message).not.toContain('ifAbsent'); // the path without its query
    expect(e.cause).toBeInstanceOf(HttpError);
    expect((e.cause as HttpError).status).toBe(status);
  });
});
