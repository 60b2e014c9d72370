import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('http');

/** Shortest bearer token accepted. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Checks that a bearer token has real strength and can be sent at all: at least
 * {@link MIN_TOKEN_LENGTH} characters, printable ASCII without spaces (what
 * `Authorization: Bearer <token>` can carry; a token with a space or a trailing blank could never
 * match). The message never contains the token.
 *
 * @example
 * ```ts
 * checkToken(randomBytes(24).toString('base64url')); // ok
 * ```
 * @throws AuthstateError `INVALID_ARGUMENT`
 */
export function checkToken(token: string): string {
  const make = 'make one with: head -c 32 /dev/urandom | base64 > token';
  if (!/^[\x21-\x7e]*$/.test(token)) {
    throw fail(
      'INVALID_ARGUMENT',
      `The bearer token contains spaces or characters outside printable ASCII, so no client could send it; ${make}.`,
    );
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    throw fail(
      'INVALID_ARGUMENT',
      `The bearer token is ${token.length} characters long; at least ${MIN_TOKEN_LENGTH} are required: ${make}.`,
    );
  }
  return token;
}
