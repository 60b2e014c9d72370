import type { FastifyServerOptions } from 'fastify';
import { BOOLEAN_SPELLINGS } from './query-flags.js';

// Query parameters whose values are logged as they are (the service's own boolean flags).
const LOGGED_PARAMETERS = new Set(['ifAbsent', 'recursive']);

/**
 * The request URL for a log line: the path as it is, every query value replaced by `***` but the
 * service's own flags spelled as booleans (`recursive=true`), and every bare word but the flags'
 * names, so a token or code a client put in the query string is never logged.
 *
 * @example
 * ```ts
 * redactQuery('/v1/list/a?recursive=true&access_token=s3cret'); // '/v1/list/a?recursive=true&access_token=***'
 * ```
 */
export function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return LOGGED_PARAMETERS.has(part) ? part : '***';
      const [name, value] = [part.slice(0, eq), part.slice(eq + 1)];
      return LOGGED_PARAMETERS.has(name) && Object.hasOwn(BOOLEAN_SPELLINGS, value) ? part : `${name}=***`;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/** Fastify's logger settings: JSON lines on stderr with {@link redactQuery}d URLs, or none. */
export function loggerOptions(enabled: boolean): FastifyServerOptions['logger'] {
  if (!enabled) return false;
  return {
    level: 'info',
    stream: process.stderr,
    serializers: {
      req: (req) => ({ method: req.method, url: redactQuery(req.url), remoteAddress: req.ip }),
    },
  };
}
