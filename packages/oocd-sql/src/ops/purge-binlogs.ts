import { errorFactory } from '@authstate/oocd-core';
import type mysql from 'mysql2/promise';
import { describeReason } from '../failover/events.js';
import { parseSqlUrl } from '../url.js';
import { connectMariadb, readBinaryLogs, readReplicaIds, readReplication } from './mariadb-node.js';
import { resolveTarget } from './target.js';
import type { NodesTarget, ReplicationStatus } from './types.js';

const fail = errorFactory('oocd-sql');

/** What the purge did on one node. */
export interface PurgeResult {
  /** `host:port`. */
  host: string;
  /**
   * `purged`: logs removed; `would-purge`: the same with `dryRun`; `nothing-to-do`: every log is
   * still needed; `skipped`: something could not be confirmed, the node was left alone.
   */
  action: 'purged' | 'would-purge' | 'nothing-to-do' | 'skipped';
  /** Why (for `skipped`: what could not be confirmed). */
  reason: string;
  /** Binary logs removed (or, with `dryRun`, that would be). */
  removed: string[];
  /** The oldest log kept. */
  keptFrom?: string;
}

/** Options of {@link purgeBinaryLogs}. */
export interface PurgeOptions {
  /** Report what would be removed, remove nothing. */
  dryRun?: boolean;
}

interface NodeInfo {
  host: string;
  conn?: mysql.Connection;
  error?: string;
  serverId?: number;
  logs?: { name: string; bytes: number }[];
  channels: ReplicationStatus[];
  replicaIds: number[];
}

/**
 * Removes, on every node of the URL's host list, the binary logs that every replica of that node
 * has already copied and applied: for node N, the replicas are the listed nodes with a channel
 * whose `Master_Server_Id` is N's server id; the oldest of their `Relay_Master_Log_File`s (the
 * file of the last applied event, never later than `Master_Log_File`) is the first log N keeps
 * (`PURGE BINARY LOGS TO`). When anything is uncertain the node is left alone (`skipped`): a
 * node unreachable, a connected replica that is not in the host list, no replica found, a
 * position that is not among N's logs. Idempotent and safe to run from cron. This is
 * `authstate oocd nodes purge-binlogs`; needs BINLOG ADMIN (or SUPER) and REPLICATION CLIENT.
 *
 * @example
 * ```ts
 * for (const r of await purgeBinaryLogs({ url: 'mariadb://db1,db2/OOCD', user: 'binarylog_user', password })) {
 *   console.log(r.host, r.action, r.removed.length, r.reason);
 * }
 * ```
 */
export async function purgeBinaryLogs(target: NodesTarget, options: PurgeOptions = {}): Promise<PurgeResult[]> {
  const t = resolveTarget(target, parseSqlUrl(target.url));
  if (t.dialect !== 'mysql') {
    throw fail(
      'INVALID_ARGUMENT',
      'Binary logs exist on MariaDB/MySQL only; PostgreSQL manages its WAL itself (see wal_keep_size, replication slots).',
    );
  }
  const nodes = await Promise.all(t.hosts.map((a) => readNode(`${a.host}:${a.port}`, () => connectMariadb(a, t))));
  try {
    const results: PurgeResult[] = [];
    for (const node of nodes) results.push(await purgeNode(node, nodes, options));
    return results;
  } finally {
    await Promise.all(nodes.map((n) => n.conn?.end().catch(() => {})));
  }
}

async function readNode(host: string, connect: () => Promise<mysql.Connection>): Promise<NodeInfo> {
  const info: NodeInfo = { host, channels: [], replicaIds: [] };
  try {
    info.conn = await connect();
    const [rows] = await info.conn.query('SELECT @@server_id AS id');
    info.serverId = Number((rows as { id: unknown }[])[0]?.id);
    info.logs = await readBinaryLogs(info.conn);
    info.channels = await readReplication(info.conn);
    info.replicaIds = await readReplicaIds(info.conn);
  } catch (e) {
    info.error = describeReason(e);
  }
  return info;
}

async function purgeNode(node: NodeInfo, all: NodeInfo[], options: PurgeOptions): Promise<PurgeResult> {
  const skip = (reason: string): PurgeResult => ({ host: node.host, action: 'skipped', reason, removed: [] });
  if (node.error || !node.conn) return skip(`not reachable (${node.error ?? 'no connection'})`);
  if (!node.logs) return skip('binary logging is off on this node');
  const down = all.find((n) => n.error);
  if (down) return skip(`node ${down.host} is not reachable, so what it has copied is unknown`);
  const known = new Set(all.map((n) => n.serverId));
  const stranger = node.replicaIds.find((id) => !known.has(id));
  if (stranger !== undefined) return skip(`replica with server id ${stranger} is connected but not in the host list`);
  const positions = all.flatMap((n) =>
    n === node
      ? []
      : n.channels.filter((c) => c.masterServerId === node.serverId).map((c) => ({ replica: n.host, file: c.relayMasterLogFile })),
  );
  if (positions.length === 0) return skip('no node of the host list replicates from this one');
  const names = node.logs.map((l) => l.name);
  let keepIndex = names.length;
  for (const p of positions) {
    const i = names.indexOf(p.file);
    if (i < 0) return skip(`replica ${p.replica} is at ${p.file || '(no file yet)'}, which is not among this node's binary logs`);
    keepIndex = Math.min(keepIndex, i);
  }
  const keptFrom = names[keepIndex] as string;
  const removed = names.slice(0, keepIndex);
  const where = positions.map((p) => `${p.replica} at ${p.file}`).join(', ');
  if (removed.length === 0)
    return { host: node.host, action: 'nothing-to-do', reason: `every log is still needed (${where})`, removed, keptFrom };
  if (!options.dryRun) await node.conn.query('PURGE BINARY LOGS TO ?', [keptFrom]);
  return {
    host: node.host,
    action: options.dryRun ? 'would-purge' : 'purged',
    reason: `${options.dryRun ? 'would remove' : 'removed'} logs before ${keptFrom} (${where})`,
    removed,
    keptFrom,
  };
}
