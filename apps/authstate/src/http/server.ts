import { configNumber, describeCause, normalizeClass, type OocdConfig, startReaper } from '@authstate/oocd-core';
import type { FastifyInstance } from 'fastify';
import { openBackend } from '../backend-options.js';
import { buildApp } from './app.js';
import { meteredService } from './metered-service.js';
import { Metrics } from './metrics.js';

/** Options of {@link startDataService}. */
export interface DataServiceOptions {
  /** The backend config (as `resolveBackendConfig` returns it). */
  config: OocdConfig;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The bearer token; `undefined` only with `--insecure-no-auth`. */
  token: string | undefined;
  bodyLimit?: number;
  logger?: boolean;
  /** Called when a background reaper run fails (default: a line on stderr). */
  onReaperError?: (e: unknown) => void;
}

/** A running data service. */
export interface DataService {
  /** `http://host:port` */
  url: string;
  port: number;
  app: FastifyInstance;
  metrics: Metrics;
  /** Stops accepting, drains in-flight requests, stops the reaper and closes the backend. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the backend, starts its reaper (config `reaperInterval`, default 60 s, 0 = off) and
 * serves the HTTP API. Used by `authstate oocd serve` and by `authstate demo`.
 *
 * @example
 * ```ts
 * const svc = await startDataService({ config: { class: 'memory' }, host: '127.0.0.1', port: 0, token: 't' });
 * await fetch(`${svc.url}/healthz`);
 * await svc.close();
 * ```
 */
export async function startDataService(opts: DataServiceOptions): Promise<DataService> {
  const intervalSec = configNumber(opts.config, 'reaperInterval', 60);
  // The sql package is loaded only for a sql backend (as the backend itself is).
  const metrics =
    normalizeClass(opts.config.class) === 'sql' ? new Metrics((await import('@authstate/oocd-sql')).failoverPoolStats) : new Metrics();
  const oocd = meteredService(await openBackend(opts.config), metrics);
  const onReaperError = opts.onReaperError ?? ((e) => process.stderr.write(`[authstate] [serve] reaper run failed: ${describeCause(e)}\n`));
  const reaper = intervalSec > 0 ? startReaper(() => oocd.reap(), intervalSec * 1000, onReaperError) : undefined;
  let app: FastifyInstance;
  try {
    app = await buildApp({
      oocd,
      metrics,
      token: opts.token,
      ...(opts.bodyLimit ? { bodyLimit: opts.bodyLimit } : {}),
      logger: opts.logger ?? false,
    });
    await app.listen({ host: opts.host, port: opts.port });
  } catch (e) {
    await reaper?.stop();
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
        await app.close();
        await reaper?.stop();
        await oocd.close();
      })();
      return closing;
    },
  };
}
