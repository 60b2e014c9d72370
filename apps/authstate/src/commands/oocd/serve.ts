import { errorFactory, parseDuration } from '@authstate/oocd-core';
import { type BackendArgs, describeBackend, resolveBackendConfig, withBackendOptions } from '../../backend-options.js';
import { defineCommand } from '../../command.js';
import { DEFAULT_LIMITS } from '../../http/limits.js';
import { startDataService } from '../../http/server.js';
import { note, say } from '../../output.js';
import { resolveSecret } from '../../secret-input.js';

const fail = errorFactory('cli');

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Parses a byte size: `1048576`, `64k`, `16m` (the limits check the range; 0 is refused there). */
export function parseSize(text: string): number {
  const m = /^(\d+)([kKmM]?)$/.exec(text.trim());
  if (!m) throw fail('INVALID_ARGUMENT', `--body-limit ${JSON.stringify(text)} is not a size; use bytes or k/m, e.g. 64k.`);
  const unit = m[2]?.toLowerCase();
  return Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
}

/** Checks `--port`: a whole number from 0 (any free port) to 65535. */
export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw fail('INVALID_ARGUMENT', `--port ${port} is not a port; use 0 to 65535 (0: any free port).`);
  }
  return port;
}

const seconds = (ms: number) => `${ms / 1000}s`;

/**
 * Resolves to the first of `signals` received, then stops listening to all of them, so a second
 * signal during the shutdown ends the process at once (the default action).
 */
function firstSignal(signals: NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handlers = signals.map((s) => [s, () => done(s)] as const);
    const done = (s: NodeJS.Signals) => {
      for (const [name, h] of handlers) process.off(name, h);
      resolve(s);
    };
    for (const [name, h] of handlers) process.on(name, h);
  });
}

/** `authstate oocd serve`: the HTTP data service. */
export const serveCommand = defineCommand({
  command: 'serve',
  describe: 'Serve the backend over HTTP (bearer token required; see the README for the API)',
  builder: (y) =>
    withBackendOptions(
      y
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to bind' })
        .option('port', { type: 'number', default: 8646, describe: 'Port (0: any free port)' })
        .option('token-file', {
          type: 'string',
          normalize: true,
          describe: 'File holding the bearer token (≥ 16 printable characters); env AUTHSTATE_TOKEN',
        })
        .option('insecure-no-auth', { type: 'boolean', default: false, describe: 'Serve without a token (loopback only)' })
        .option('body-limit', {
          type: 'string',
          default: String(DEFAULT_LIMITS.bodyLimit),
          describe: 'Largest request body (bytes, or 64k, 16m; at least 1, at most 1024m); larger gets 413',
        })
        .option('request-timeout', {
          type: 'string',
          nargs: 1,
          default: seconds(DEFAULT_LIMITS.requestTimeoutMs),
          describe: 'A whole request (headers and body) must arrive within this, else 408 and the connection closes',
        })
        .option('headers-timeout', {
          type: 'string',
          nargs: 1,
          default: seconds(DEFAULT_LIMITS.headersTimeoutMs),
          describe: 'The request headers must arrive within this',
        })
        .option('keep-alive-timeout', {
          type: 'string',
          nargs: 1,
          default: seconds(DEFAULT_LIMITS.keepAliveTimeoutMs),
          describe: 'Close a keep-alive connection idle this long',
        })
        .option('shutdown-timeout', {
          type: 'string',
          nargs: 1,
          default: seconds(DEFAULT_LIMITS.shutdownTimeoutMs),
          describe: 'On SIGTERM/SIGINT, requests in flight get this long; then every open connection is closed',
        })
        .option('log', { type: 'boolean', default: false, describe: 'Log each request as a JSON line on stderr (query values redacted)' })
        .example('AUTHSTATE_TOKEN=$(cat /etc/authstate/token) $0 oocd serve --url postgres://oocd@db/oocd', '')
        .example('$0 oocd serve --token-file token.txt --port 0', 'any free port; the URL is printed'),
    ),
  run: async (args) => {
    const limits = {
      bodyLimit: parseSize(args.bodyLimit),
      requestTimeoutMs: parseDuration(args.requestTimeout, '--request-timeout'),
      headersTimeoutMs: parseDuration(args.headersTimeout, '--headers-timeout'),
      keepAliveTimeoutMs: parseDuration(args.keepAliveTimeout, '--keep-alive-timeout'),
      shutdownTimeoutMs: parseDuration(args.shutdownTimeout, '--shutdown-timeout'),
    };
    const port = checkPort(args.port);
    const token = await resolveSecret({ file: args.tokenFile, envName: 'AUTHSTATE_TOKEN', what: 'token' });
    if (token === undefined && !args.insecureNoAuth) {
      throw fail(
        'CONFIG',
        'No bearer token: give --token-file FILE or set AUTHSTATE_TOKEN (or --insecure-no-auth on loopback for a local trial).',
      );
    }
    if (token === undefined && !isLoopback(args.host)) {
      throw fail('CONFIG', `--insecure-no-auth is allowed only on a loopback address, not ${args.host}; configure a token.`);
    }
    const config = await resolveBackendConfig(args as BackendArgs);
    const service = await startDataService({
      config,
      host: args.host,
      port,
      token,
      limits,
      logger: args.log,
      onShutdownDeadline: (open) =>
        note(`[authstate] shutdown deadline (${args.shutdownTimeout}) reached: closing ${open} connection(s) still open`),
    });
    say(`listening on ${service.url} (backend ${describeBackend(config)}${token === undefined ? ', NO AUTHENTICATION' : ''})`);
    const signal = await firstSignal(['SIGTERM', 'SIGINT']);
    note(`[authstate] ${signal}: draining requests (at most ${args.shutdownTimeout}) and closing the backend`);
    await service.close();
    note('[authstate] stopped');
    return 0;
  },
});
