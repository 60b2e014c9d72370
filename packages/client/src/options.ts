import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('client');

/** Options of the {@link DataServiceClient} constructor. */
export interface ClientOptions {
  /** The bearer token the service was started with (`--token-file` or `AUTHSTATE_TOKEN`). */
  token?: string;
  /** Milliseconds to wait for an answer before the call fails with `BACKEND`. Default 30 000. */
  timeoutMs?: number;
}

/**
 * The service's base URL, checked: `http:` or `https:`, no user name or password (the token goes
 * in `token`, where it is never printed), no query or fragment; a trailing `/` is dropped.
 *
 * @throws AuthstateError `CONFIG`
 */
export function checkBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw fail('CONFIG', 'The data service URL is not a URL; give one like http://127.0.0.1:8646.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw fail('CONFIG', `The data service URL must start with http:// or https://, not ${JSON.stringify(u.protocol.slice(0, 20))}.`);
  }
  if (u.username !== '' || u.password !== '') {
    throw fail('CONFIG', 'The data service URL must not contain a user name or password; pass the token as the `token` option.');
  }
  if (u.search !== '' || u.hash !== '') throw fail('CONFIG', 'The data service URL must not have a query or fragment.');
  return url.replace(/\/+$/, '');
}

/**
 * The token, checked: visible ASCII only (what an HTTP header can carry). The message never
 * contains the token.
 *
 * @throws AuthstateError `CONFIG`
 */
export function checkToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
    throw fail(
      'CONFIG',
      'The token must be non-empty visible ASCII without spaces or line breaks (check the token file for a stray newline).',
    );
  }
  return token;
}

/**
 * The timeout, checked: a positive whole number of milliseconds.
 *
 * @throws AuthstateError `CONFIG`
 */
export function checkTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return 30_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
    throw fail('CONFIG', '`timeoutMs` must be a positive whole number of milliseconds.');
  return timeoutMs;
}
