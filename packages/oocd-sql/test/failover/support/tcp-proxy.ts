import net from 'node:net';

/**
 * A loopback TCP forwarder standing in for one database node: `kill()` drops every connection
 * and stops listening (like a dead server: connects are refused), `revive()` listens again on the
 * same port. Two proxies to one real server make a two-"node" cluster with no replication to
 * wait for.
 */
export interface TcpProxy {
  readonly port: number;
  /** Client connections accepted so far. */
  accepted(): number;
  /** Client connections open now. */
  active(): number;
  kill(): Promise<void>;
  revive(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  let accepted = 0;
  const makeServer = () =>
    net.createServer((client) => {
      accepted++;
      clients.add(client);
      client.on('close', () => clients.delete(client));
      const upstream = net.connect(targetPort, targetHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  const listen = (server: net.Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  let server: net.Server | undefined = makeServer();
  const port = await listen(server, 0);
  const stop = async () => {
    const s = server;
    server = undefined;
    // RST rather than FIN, like a killed process's sockets as seen by the client.
    for (const sock of sockets) sock.resetAndDestroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    port,
    accepted: () => accepted,
    active: () => clients.size,
    kill: stop,
    revive: async () => {
      if (server) return;
      server = makeServer();
      await listen(server, port);
    },
    close: stop,
  };
}
