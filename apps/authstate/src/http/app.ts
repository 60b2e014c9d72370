import { isAuthstateError, type OutOfContextDataService } from '@authstate/oocd-core';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { bearerAuth } from './auth.js';
import type { Metrics } from './metrics.js';
import { registerRoutes } from './routes.js';
import { httpStatusFor } from './status.js';
import { registerUi } from './ui/index.js';

/** Default largest request body: a 16 MiB value plus room for JSON escaping and metadata. */
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024 + 64 * 1024;

/** Options of {@link buildApp}. */
export interface AppOptions {
  /** The service to serve (wrap it with `meteredService` to fill `metrics`). */
  oocd: OutOfContextDataService;
  metrics: Metrics;
  /** The bearer token; `undefined` serves without authentication. */
  token: string | undefined;
  /** Largest request body in bytes; larger ones get 413. */
  bodyLimit?: number;
  /** Log requests (JSON lines on stderr). */
  logger?: boolean;
}

/**
 * Builds the Fastify app of the data service (not listening yet).
 *
 * @example
 * ```ts
 * const app = await buildApp({ oocd, metrics: new Metrics(), token });
 * await app.listen({ host: '127.0.0.1', port: 8646 });
 * ```
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    logger: opts.logger ? { level: 'info', stream: process.stderr } : false,
    // Keys are decoded by the routes themselves, segment by segment.
    routerOptions: { maxParamLength: 4096 },
    return503OnClosing: true,
    // Malformed percent-encoding in the path: a bad key, answered like the other 400s.
    frameworkErrors: (error, _req, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      (reply as FastifyReply).code(status).send({ error: status === 400 ? 'INVALID_KEY' : error.code, message: error.message });
    },
  });
  registerUi(app, opts.oocd, opts.metrics); // before the token hook: the page's static shell needs none
  app.addHook('onRequest', bearerAuth(opts.token));
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
