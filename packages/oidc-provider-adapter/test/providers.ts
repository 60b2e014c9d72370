import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Backend } from './backends.js';
import { type Child, killHard, startChild } from './processes.js';
import type { Route } from './user-agent.js';

/** A free TCP port on loopback (asked of the kernel). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Provider processes serving one issuer from one OOCD backend, as several nodes behind a load
 * balancer would: same issuer, signing key and cookie keys; each on its own port.
 */
export class ProviderCluster {
  readonly issuer: string;
  private readonly nodes: (Child | undefined)[] = [];
  private readonly env: Record<string, string>;
  private turn = 0;

  private constructor(
    readonly ports: number[],
    backend: Backend,
  ) {
    this.issuer = `http://127.0.0.1:${ports[0]}`;
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    this.env = {
      OOCD_CONFIG: JSON.stringify(backend.config),
      ISSUER: this.issuer,
      JWKS: JSON.stringify({ keys: [{ ...jwk, kid: 'k1', use: 'sig', alg: 'RS256' }] }),
      COOKIE_KEYS: randomBytes(32).toString('base64url'),
    };
  }

  /** `count` ports; node 0's is the issuer's. */
  static async create(backend: Backend, count: number): Promise<ProviderCluster> {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) ports.push(await freePort());
    return new ProviderCluster(ports, backend);
  }

  /** Starts node `i` and waits until it listens. */
  async start(i: number): Promise<void> {
    const child = startChild('provider', [], { ...this.env, PORT: String(this.ports[i]) });
    this.nodes[i] = child;
    await child.line(/^listening$/, 120_000);
  }

  /** Kills node `i` with SIGKILL (a crash: nothing is flushed or closed). */
  async crash(i: number): Promise<void> {
    const child = this.nodes[i];
    this.nodes[i] = undefined;
    if (child) await killHard(child);
  }

  /** Stops every node. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((_, i) => this.crash(i)));
  }

  /** Sends every request to node `i`. */
  to(i: number): Route {
    return (url) => this.rewrite(url, i);
  }

  /** Sends each request to the next node in turn (round robin over all nodes). */
  readonly roundRobin: Route = (url) => this.rewrite(url, this.turn++ % this.ports.length);

  private rewrite(url: URL, i: number): URL {
    const out = new URL(url);
    if (out.origin === this.issuer) out.port = String(this.ports[i]);
    return out;
  }
}
