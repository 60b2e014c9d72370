import type { OutOfContextDataService } from '@authstate/oocd-core';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.js';
import { registerUiApi } from './api.js';
import type { ExpiredEntries } from './expired-entries.js';
import { uiShellHook } from './static-shell.js';

/**
 * Adds the read-only web page at `/ui/`: its static shell (served without a token; it holds no
 * data) and the JSON routes under `/ui/api/` it reads (behind the bearer token). Call it before
 * the bearer-token hook is added, so that the shell's hook runs first. With `expired` (see
 * `openExpiredEntries`) the expiry view also counts entries expired but not reaped yet.
 *
 * @example
 * ```ts
 * const app = Fastify();
 * registerUi(app, oocd, metrics);
 * app.addHook('onRequest', bearerAuth(token));
 * ```
 */
export function registerUi(app: FastifyInstance, oocd: OutOfContextDataService, metrics: Metrics, expired?: ExpiredEntries): void {
  app.addHook('onRequest', uiShellHook());
  registerUiApi(app, oocd, metrics, expired);
}
