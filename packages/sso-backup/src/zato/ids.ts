import { randomBytes, randomUUID } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Crockford base32 of a non-negative integer, lower case, most significant digit first, no
 * padding — what Zato's `crockford_base32(uuid4().int).lower()` gives.
 */
export function crockfordBase32(n: bigint): string {
  if (n < 0n) throw new RangeError('crockfordBase32 needs a non-negative integer');
  let out = '';
  let rest = n;
  do {
    out = CROCKFORD[Number(rest % 32n)] + out;
    rest /= 32n;
  } while (rest > 0n);
  return out;
}

function uuid4Int(): bigint {
  return BigInt(`0x${randomUUID().replaceAll('-', '')}`);
}

/** A new SSO user id: `zusr` + Crockford base32 of a uuid4 (e.g. `zusr6htg…`). */
export function newUserId(): string {
  return `zusr${crockfordBase32(uuid4Int())}`;
}

/** A new SSO session token (UST) as stored in `zato_sso_session.ust`: `zust` + Crockford base32 of a uuid4. */
export function newSessionToken(): string {
  return `zust${crockfordBase32(uuid4Int())}`;
}

/** A new id with Zato's other prefixes (`zgrp` groups, `zprt` password resets, …). */
export function newZatoId(prefix: string): string {
  return `${prefix}${crockfordBase32(uuid4Int())}`;
}

/** A random url-safe token (sign-up confirmation tokens and the like). */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
