import { describeCause, errorFactory, normalizeClass, type OocdConfig } from '@authstate/oocd-core';
import type { FastifyInstance } from 'fastify';
import { openBackend } from '../backend-options.js';
import { buildApp } from './app.js';
import { resolveLimits, type ServerLimits } from './limits.js';
import { meteredService } from './metered-service.js';
import { Metrics } from './metrics.js';
import { checkToken } from './token.js';
import { openExpiredEntries } from './ui/expired-entries.js';

const fail = errorFactory('serve');

/** Options of {@link startDataService}. */
export interface DataServiceOptions {
  /** The backend config (as `resolveBackendConfig` returns it); its `reaperInterval` sets the reaper. */
  config: OocdConfig;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The bearer token (see `checkToken`); `undefined` only with `--insecure-no-auth`. */
  token: string | undefined;
  /** Body size, timeouts and the shutdown deadline; defaults in `DEFAULT_LIMITS`. */
  limits?: Partial<ServerLimits>;
  logger?: boolean;
  /** Called when a background reaper run fails (default: a line on stderr). */
  onReaperError?: (e: unknown) => void;
  /** Called when the shutdown deadline closes connections still open, with how many there were. */
  onShutdownDeadline?: (open: number) => void;
}

/** A running data service. */
export interface DataService {
  /** `http://host:port` */
  url: string;
  port: number;
  app: FastifyInstance;
  metrics: Metrics;
  /**
   * Stops accepting, closes idle connections, gives requests in flight `shutdownTimeoutMs`, then
   * closes every connection still open (a slow or hostile client cannot hold the process), and
   * closes the backend (stopping its reaper). Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Opens the backend with its reaper (the core's: config `reaperInterval`, else the backend's
 * default; 0 = off; each run counted in `/metrics`) and serves the HTTP API. Used by
 * `authstate oocd serve` and by `authstate demo`.
 *
 * @example
 * ```ts
 * const svc = await startDataService({ config: { class: 'memory' }, host: '127.0.0.1', port: 0, token });
 * await fetch(`${svc.url}/healthz`);
 * await svc.close();
 * ```
 */
export async function startDataService(opts: DataServiceOptions): Promise<DataService> {
  // Checked before the backend is opened (buildApp checks them again, for its own callers).
  const limits = resolveLimits(opts.limits);
  if (opts.token !== undefined) checkToken(opts.token);
  // The sql package is loaded only for a sql backend (as the backend itself is).
  const metrics =
    normalizeClass(opts.config.class) === 'sql' ? new Metrics((await import('@authstate/oocd-sql')).failoverPoolStats) : new Metrics();
  const onReaperError = opts.onReaperError ?? ((e) => process.stderr.write(`[authstate] [serve] reaper run failed: ${describeCause(e)}\n`));
  const inner = await openBackend(opts.config, { onReaperError, onReaperRun: (n, seconds) => metrics.reaped(n, seconds) });
  const oocd = meteredService(inner, metrics);
  let app: FastifyInstance;
  let expired: Awaited<ReturnType<typeof openExpiredEntries>>;
  try {
    expired = await openExpiredEntries(opts.config);
    app = await buildApp({ oocd, metrics, token: opts.token, limits, logger: opts.logger ?? false, ...(expired ? { expired } : {}) });
    await listen(app, opts.host, opts.port);
  } catch (e) {
    await expired?.close();
    await oocd.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    metrics,
    close: () => {
      closing ??= (async () => {
        const deadline = setTimeout(() => {
          app.server.getConnections((_e, open) => opts.onShutdownDeadline?.(open));
          app.server.closeAllConnections();
        }, limits.shutdownTimeoutMs);
        try {
          await app.close();
        } finally {
          clearTimeout(deadline);
        }
        await expired?.close();
        await oocd.close();
      })();
      return closing;
    },
  };
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<void> {
  try {
    await app.listen({ host, port });
  } catch (e) {
    throw fail('CONFIG', `Cannot listen on ${host}:${port}: ${describeCause(e)}.`, e);
  }
}
