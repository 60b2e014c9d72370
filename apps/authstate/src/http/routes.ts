import { errorFactory, type OutOfContextDataService, parseInstant, type SetOptions } from '@authstate/oocd-core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { entryToJson } from '../output.js';
import { keyFromPath } from './key-path.js';
import { type Metrics, PROMETHEUS_CONTENT_TYPE } from './metrics.js';
import { queryFlags } from './query-flags.js';

const fail = errorFactory('http');

const ENTRIES = '/v1/entries';
const TAKE = '/v1/take';
const LIST = '/v1/list';
const CHILDREN = '/v1/children';

const BODY_FIELDS = new Set(['value', 'ttlMs', 'expiresAt', 'metadata']);

/**
 * The body of `PUT /v1/entries/KEY`, checked and turned into `set` options. Unknown fields are
 * refused (an `"ifAbsent": true` in the body must not silently mean an overwrite); the expiry and
 * metadata are checked by the core, the one place for every caller.
 */
export function parsePutBody(body: unknown): { value: unknown; opts: SetOptions } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw fail('INVALID_ARGUMENT', 'Body must be a JSON object {"value", "ttlMs"|"expiresAt", "metadata"?}.');
  }
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !BODY_FIELDS.has(k));
  if (unknown.length > 0) {
    throw fail(
      'INVALID_ARGUMENT',
      `Unknown body field ${JSON.stringify(unknown[0]?.slice(0, 40))}: the body takes "value", "ttlMs" or "expiresAt", "metadata" (create-if-absent is the query ?ifAbsent=true).`,
    );
  }
  const metadata = b.metadata === undefined ? {} : { metadata: b.metadata as Record<string, string> };
  if (b.ttlMs !== undefined && b.expiresAt !== undefined) throw fail('INVALID_ARGUMENT', 'Give either "ttlMs" or "expiresAt", not both.');
  if (b.expiresAt !== undefined) {
    if (typeof b.expiresAt !== 'string') throw fail('INVALID_ARGUMENT', '"expiresAt" must be a string, e.g. "2030-01-31T12:00:00Z".');
    return { value: b.value, opts: { expiresAt: parseInstant(b.expiresAt, '"expiresAt"'), ...metadata } };
  }
  return { value: b.value, opts: { ttlMs: b.ttlMs as number, ...metadata } };
}

/**
 * The key and flags of a request, from its raw URL: the key decoded once after `prefix`
 * (`keyFromPath`), the query parsed by the one parser (`queryFlags`) with the flags the route takes.
 */
function target<N extends string>(req: FastifyRequest, prefix: string, names: readonly N[] = []) {
  const flags = queryFlags(req.url, names);
  return { key: keyFromPath(req.url, prefix), flags };
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
    const entry = await oocd.get(target(req, ENTRIES).key);
    return entry ? entryToJson(entry) : reply.code(404).send(notFound);
  });

  app.put(`${ENTRIES}/*`, async (req, reply) => {
    const { key, flags } = target(req, ENTRIES, ['ifAbsent']);
    const { value, opts } = parsePutBody(req.body);
    if (flags.ifAbsent) {
      const created = await oocd.create(key, value as string, opts);
      return created
        ? reply.code(201).send({ created: true })
        : reply.code(409).send({ error: 'ALREADY_EXISTS', message: 'The entry exists.' });
    }
    await oocd.set(key, value as string, opts);
    return reply.code(204).send();
  });

  app.delete(`${ENTRIES}/*`, async (req) => {
    const { key, flags } = target(req, ENTRIES, ['recursive']);
    return { removed: await oocd.remove(key, flags) };
  });

  app.post(`${TAKE}/*`, async (req, reply) => {
    const entry = await oocd.take(target(req, TAKE).key);
    return entry ? entryToJson(entry) : reply.code(404).send(notFound);
  });

  const list = async (req: FastifyRequest) => {
    const { key, flags } = target(req, LIST, ['recursive']);
    return (await oocd.list(key, flags)).map(entryToJson);
  };
  app.get(LIST, list);
  app.get(`${LIST}/*`, list);

  const children = async (req: FastifyRequest) => oocd.children(target(req, CHILDREN).key);
  app.get(CHILDREN, children);
  app.get(`${CHILDREN}/*`, children);

  app.post('/v1/reap', async (req) => {
    queryFlags(req.url, []);
    return { reaped: await oocd.reap() };
  });
}
