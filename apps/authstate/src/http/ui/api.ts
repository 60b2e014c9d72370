import { normalizeBranch, type OutOfContextDataService } from '@authstate/oocd-core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keyFromPath } from '../key-path.js';
import type { Metrics } from '../metrics.js';
import { branchView } from './branch-view.js';
import { entryView } from './entry-view.js';
import type { ExpiredEntries } from './expired-entries.js';
import { expiryHistogram } from './expiry-histogram.js';
import { healthFromMetrics } from './health.js';

/** The prefix of the page's JSON routes (behind the bearer token like `/v1/...`). */
export const UI_API = '/ui/api';

const TREE = `${UI_API}/tree`;
const ENTRY = `${UI_API}/entry`;
const EXPIRY = `${UI_API}/expiry`;

/**
 * Registers the page's read-only JSON routes: `GET /ui/api/tree/BRANCH` (children with counts),
 * `GET /ui/api/entry/KEY` (value cut short, size, expiry, metadata), `GET /ui/api/expiry/BRANCH`
 * (expiry histogram, with the expired entries not yet reaped when `expired` can see them) and
 * `GET /ui/api/health` (the `/metrics` numbers, grouped). BRANCH and KEY are encoded as in
 * `/v1/...`. Nothing here writes.
 */
export function registerUiApi(app: FastifyInstance, oocd: OutOfContextDataService, metrics: Metrics, expired?: ExpiredEntries): void {
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  const tree = async (req: FastifyRequest, reply: FastifyReply) => {
    noStore(reply);
    return branchView(oocd, keyFromPath(req.url, TREE));
  };
  app.get(TREE, tree);
  app.get(`${TREE}/*`, tree);

  app.get(`${ENTRY}/*`, async (req, reply) => {
    noStore(reply);
    const entry = await oocd.get(keyFromPath(req.url, ENTRY));
    return entry ? entryView(entry) : reply.code(404).send({ error: 'NOT_FOUND', message: 'No such entry (absent or expired).' });
  });

  const expiry = async (req: FastifyRequest, reply: FastifyReply) => {
    noStore(reply);
    const branch = normalizeBranch(keyFromPath(req.url, EXPIRY));
    const now = new Date();
    const histogram = expiryHistogram(branch, await oocd.list(branch, { recursive: true }), now);
    return expired ? { ...histogram, expired: await expired.count(branch, now) } : histogram;
  };
  app.get(EXPIRY, expiry);
  app.get(`${EXPIRY}/*`, expiry);

  app.get(`${UI_API}/health`, async (_req, reply) => {
    noStore(reply);
    return healthFromMetrics(metrics.render(), new Date());
  });
}
