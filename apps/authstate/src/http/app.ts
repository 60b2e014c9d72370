import { isAuthstateError, type OutOfContextDataService } from '@authstate/oocd-core';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { bearerAuth } from './auth.js';
import { resolveLimits, type ServerLimits } from './limits.js';
import { loggerOptions } from './log.js';
import type { Metrics } from './metrics.js';
import { registerRoutes } from './routes.js';
import { httpStatusFor } from './status.js';
import { checkToken } from './token.js';
import type { ExpiredEntries } from './ui/expired-entries.js';
import { registerUi } from './ui/index.js';

export { DEFAULT_BODY_LIMIT } from './limits.js';

/** Options of {@link buildApp}. */
export interface AppOptions {
  /** The service to serve (wrap it with `meteredService` to fill `metrics`). */
  oocd: OutOfContextDataService;
  metrics: Metrics;
  /** The bearer token (checked by `checkToken`); `undefined` serves without authentication. */
  token: string | undefined;
  /** Body size and timeouts; defaults in `DEFAULT_LIMITS`. */
  limits?: Partial<ServerLimits>;
  /** Log requests (JSON lines on stderr; query values redacted). */
  logger?: boolean;
  /** A second view of the storage, for the page's count of expired entries not reaped yet. */
  expired?: ExpiredEntries;
}

/**
 * Builds the Fastify app of the data service (not listening yet), with the limits that keep one
 * client from holding it: body size, request, header and keep-alive timeouts.
 *
 * @example
 * ```ts
 * const app = await buildApp({ oocd, metrics: new Metrics(), token });
 * await app.listen({ host: '127.0.0.1', port: 8646 });
 * ```
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const token = opts.token === undefined ? undefined : checkToken(opts.token);
  const limits = resolveLimits(opts.limits);
  const app = Fastify({
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the header and request timeouts on this interval (default 30 s, too coarse).
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    logger: loggerOptions(opts.logger ?? false),
    // Keys are decoded by the routes themselves, segment by segment.
    routerOptions: { maxParamLength: 4096 },
    return503OnClosing: true,
    // Malformed percent-encoding in the path: a bad key, answered like the other 400s.
    frameworkErrors: (error, _req, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      (reply as FastifyReply).code(status).send({ error: status === 400 ? 'INVALID_KEY' : error.code, message: error.message });
    },
  });
  acceptEmptyJsonBodies(app);
  registerUi(app, opts.oocd, opts.metrics, opts.expired); // before the token hook: the page's static shell needs none
  app.addHook('onRequest', bearerAuth(token));
  app.addHook('onResponse', async (_req, reply) => opts.metrics.response(reply.statusCode));
  app.setErrorHandler(async (error, request, reply) => {
    if (isAuthstateError(error)) {
      const status = httpStatusFor(error.code);
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: error.code, message: error.message });
    }
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: e.code ?? 'BAD_REQUEST', message: e.message ?? 'Bad request.' });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send({ error: 'INTERNAL', message: 'Internal error; see the server log.' });
  });
  app.setNotFoundHandler(async (_req, reply) =>
    reply.code(404).send({ error: 'NO_ROUTE', message: 'No such route; see the API in the README.' }),
  );
  registerRoutes(app, opts.oocd, opts.metrics);
  return app;
}

/**
 * `Content-Type: application/json` with no body (curl users send the header on every call, also
 * on `POST /v1/take/KEY`) parses as no body instead of failing; a PUT without a body is then
 * refused by the body check with a clear message. Non-empty bodies use Fastify's parser, with
 * its `__proto__`/`constructor` poisoning checks.
 */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    body === '' ? done(null, undefined) : json(req, String(body), done),
  );
}
