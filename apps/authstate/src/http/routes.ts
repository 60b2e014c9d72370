import { errorFactory, type OutOfContextDataService, type SetOptions } from '@authstate/oocd-core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { entryToJson } from '../output.js';
import { keyFromPath } from './key-path.js';
import { type Metrics, PROMETHEUS_CONTENT_TYPE } from './metrics.js';

const fail = errorFactory('http');

const ENTRIES = '/v1/entries';
const TAKE = '/v1/take';
const LIST = '/v1/list';
const CHILDREN = '/v1/children';

type Query = { recursive?: string; ifAbsent?: string };

const flag = (req: FastifyRequest, name: keyof Query) => (req.query as Query)[name] === 'true';

/** The body of `PUT /v1/entries/KEY`, checked and turned into `set` options. */
export function parsePutBody(body: unknown): { value: unknown; opts: SetOptions } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw fail('INVALID_ARGUMENT', 'Body must be a JSON object {"value", "ttlMs"|"expiresAt", "metadata"?}.');
  }
  const b = body as Record<string, unknown>;
  const metadata = b.metadata as Record<string, string> | undefined;
  if (b.ttlMs !== undefined && b.expiresAt !== undefined) throw fail('INVALID_ARGUMENT', 'Give either "ttlMs" or "expiresAt", not both.');
  if (b.expiresAt !== undefined) {
    const at = typeof b.expiresAt === 'string' && /(Z|[+-]\d\d:?\d\d)$/i.test(b.expiresAt) ? new Date(b.expiresAt) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime()))
      throw fail('INVALID_ARGUMENT', '"expiresAt" must be an ISO 8601 instant with a zone, e.g. 2030-01-31T12:00:00Z.');
    return { value: b.value, opts: { expiresAt: at, ...(metadata === undefined ? {} : { metadata }) } };
  }
  return { value: b.value, opts: { ttlMs: b.ttlMs as number, ...(metadata === undefined ? {} : { metadata }) } };
}

/**
 * Registers the data-service routes (`/v1/...`, `/healthz`, `/metrics`) over `oocd`.
 * KEY and BRANCH in paths are OOCD keys with each segment percent-encoded.
 */
export function registerRoutes(app: FastifyInstance, oocd: OutOfContextDataService, metrics: Metrics): void {
  const notFound = { error: 'NOT_FOUND', message: 'No such entry (absent or expired).' };

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_req, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(metrics.render()));

  app.get(`${ENTRIES}/*`, async (req, reply) => {
    const entry = await oocd.get(keyFromPath(req.url, ENTRIES));
    return entry ? entryToJson(entry) : reply.code(404).send(notFound);
  });

  app.put(`${ENTRIES}/*`, async (req, reply) => {
    const key = keyFromPath(req.url, ENTRIES);
    const { value, opts } = parsePutBody(req.body);
    if (flag(req, 'ifAbsent')) {
      const created = await oocd.create(key, value as string, opts);
      return created
        ? reply.code(201).send({ created: true })
        : reply.code(409).send({ error: 'ALREADY_EXISTS', message: 'The entry exists.' });
    }
    await oocd.set(key, value as string, opts);
    return reply.code(204).send();
  });

  app.delete(`${ENTRIES}/*`, async (req) => ({
    removed: await oocd.remove(keyFromPath(req.url, ENTRIES), { recursive: flag(req, 'recursive') }),
  }));

  app.post(`${TAKE}/*`, async (req, reply) => {
    const entry = await oocd.take(keyFromPath(req.url, TAKE));
    return entry ? entryToJson(entry) : reply.code(404).send(notFound);
  });

  const list = async (req: FastifyRequest) =>
    (await oocd.list(keyFromPath(req.url, LIST), { recursive: flag(req, 'recursive') })).map(entryToJson);
  app.get(LIST, list);
  app.get(`${LIST}/*`, list);

  const children = async (req: FastifyRequest) => oocd.children(keyFromPath(req.url, CHILDREN));
  app.get(CHILDREN, children);
  app.get(`${CHILDREN}/*`, children);

  app.post('/v1/reap', async () => ({ reaped: await oocd.reap() }));
}
