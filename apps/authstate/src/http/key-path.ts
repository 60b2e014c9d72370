import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('http');

/**
 * Decodes the key from the raw request path after the route's `prefix` (query string dropped),
 * segment by segment: the one place a path is decoded. The router matches a decoded path, so the
 * raw path must start with the prefix literally: `/v1/%65ntries/x` is refused (`INVALID_ARGUMENT`)
 * instead of yielding a key cut at the wrong place. An encoded `/` inside a segment or malformed
 * percent-encoding is `INVALID_KEY`; everything else (dot segments, control characters, length)
 * is left to the core's key rules.
 *
 * @throws AuthstateError `INVALID_KEY` or `INVALID_ARGUMENT`
 */
export function keyFromPath(rawUrl: string, prefix: string): string {
  const path = rawUrl.split('?', 1)[0] as string;
  if (path !== prefix && !path.startsWith(`${prefix}/`)) {
    throw fail(
      'INVALID_ARGUMENT',
      `The route part of the path must be written as ${prefix}, not percent-encoded; only key segments after it are decoded.`,
    );
  }
  const rest = path.slice(prefix.length);
  if (rest === '' || rest === '/') return '/';
  return rest
    .split('/')
    .map((segment) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw fail('INVALID_KEY', `Key segment ${JSON.stringify(segment.slice(0, 80))} is not valid percent-encoding.`);
      }
      if (decoded.includes('/')) throw fail('INVALID_KEY', 'A key segment may not contain an encoded "/" (%2F): "/" separates segments.');
      return decoded;
    })
    .join('/');
}
