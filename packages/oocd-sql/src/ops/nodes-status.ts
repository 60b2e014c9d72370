import { describeReason } from '../failover/events.js';
import { parseSqlUrl } from '../url.js';
import { connectMariadb, readMariadbStatus } from './mariadb-node.js';
import { readPostgresStatus } from './postgres-node.js';
import { type ResolvedTarget, resolveTarget } from './target.js';
import type { NodeStatus, NodesTarget } from './types.js';

type Reader = (t: ResolvedTarget, index: number) => Promise<Partial<NodeStatus>>;

const READERS: Record<'mysql' | 'postgres', Reader> = {
  mysql: async (t, i) => {
    const conn = await connectMariadb(t.hosts[i] as ResolvedTarget['hosts'][number], t);
    try {
      return await readMariadbStatus(conn);
    } finally {
      await conn.end().catch(() => {});
    }
  },
  postgres: (t, i) => readPostgresStatus(t.hosts[i] as ResolvedTarget['hosts'][number], t),
};

/**
 * One status entry per node of the URL's host list, in priority order: reachable or why not,
 * whether new connections go there now ("primary for us"), and for MariaDB what
 * `SHOW SLAVE STATUS` tells an operator (IO/SQL threads running, seconds behind master, last
 * errors), semi-sync state and binary log totals. Read-only; safe to run any time.
 * This is `authstate oocd nodes status`.
 *
 * @example
 * ```ts
 * const nodes = await nodesStatus({ url: 'mariadb://db1:3306,db2:3306/OOCD', user: 'monitor', password });
 * console.log(formatNodesStatus(nodes));
 * ```
 */
export async function nodesStatus(target: NodesTarget): Promise<NodeStatus[]> {
  const t = resolveTarget(target, parseSqlUrl(target.url));
  const read = READERS[t.dialect];
  const nodes = await Promise.all(
    t.hosts.map(async (address, i): Promise<NodeStatus> => {
      const base = { host: `${address.host}:${address.port}`, priority: i + 1, primaryForUs: false, replication: [] };
      try {
        return { ...base, ...(await read(t, i)), reachable: true };
      } catch (e) {
        return { ...base, reachable: false, error: describeReason(e) };
      }
    }),
  );
  const current = target.currentHost ?? nodes.find((n) => n.reachable)?.host;
  for (const n of nodes) n.primaryForUs = n.host === current;
  return nodes;
}
