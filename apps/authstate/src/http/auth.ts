import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Paths served without a token. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/healthz']);

/** Compares two secrets in constant time (hashing first, so lengths leak nothing either). */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/**
 * An `onRequest` hook that requires `Authorization: Bearer <token>` on every path but
 * {@link PUBLIC_PATHS}; answers 401 with `WWW-Authenticate: Bearer` otherwise. With no token
 * (`--insecure-no-auth`) every request passes. A 401 also closes the connection, so a client that
 * goes on sending a body after it cannot hold the connection open.
 */
export function bearerAuth(token: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (token === undefined) return;
    const path = request.url.split('?', 1)[0] as string;
    if (PUBLIC_PATHS.has(path)) return;
    const header = request.headers.authorization ?? '';
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (m && secretsEqual(m[1] as string, token)) return;
    await reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="authstate"')
      .header('connection', 'close')
      .send({ error: 'UNAUTHORIZED', message: 'A valid bearer token is required: Authorization: Bearer <token>.' });
  };
}
