import type { PurgeResult } from './purge-binlogs.js';
import type { NodeStatus } from './types.js';

/**
 * A plain-text report of {@link nodesStatus} for a terminal: one block per node.
 *
 * @example
 * ```ts
 * process.stdout.write(formatNodesStatus(await nodesStatus({ url })));
 * ```
 */
export function formatNodesStatus(nodes: NodeStatus[]): string {
  const lines: string[] = [];
  for (const n of nodes) {
    const role = n.primaryForUs ? ' [primary for us]' : '';
    if (!n.reachable) {
      lines.push(`${n.priority}. ${n.host}${role}: UNREACHABLE (${n.error ?? 'unknown error'})`);
      continue;
    }
    const extra = [
      n.version && `version ${n.version}`,
      n.serverId !== undefined && `server_id ${n.serverId}`,
      n.readOnly && 'read-only',
      n.standby && 'standby',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`${n.priority}. ${n.host}${role}: reachable (${extra})`);
    if (n.semiSync) lines.push(`   semi-sync: master ${n.semiSync.master ? 'ON' : 'OFF'}, slave ${n.semiSync.slave ? 'ON' : 'OFF'}`);
    if (n.binaryLogs)
      lines.push(
        `   binary logs: ${n.binaryLogs.count} files, ${n.binaryLogs.bytes} bytes (${n.binaryLogs.first ?? '-'} … ${n.binaryLogs.last ?? '-'})`,
      );
    if (n.replication.length === 0 && n.serverId !== undefined) lines.push('   replication: none configured');
    for (const r of n.replication) {
      const name = r.connectionName ? ` '${r.connectionName}'` : '';
      const lag = r.secondsBehindMaster === null ? 'unknown' : `${r.secondsBehindMaster} s`;
      lines.push(
        `   replicates${name} from ${r.masterHost}:${r.masterPort}: IO ${r.ioThread}, SQL ${r.sqlThread}, behind ${lag}, at ${r.masterLogFile}`,
      );
      if (r.lastIoError) lines.push(`   last IO error: ${r.lastIoError}`);
      if (r.lastSqlError) lines.push(`   last SQL error: ${r.lastSqlError}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A plain-text report of {@link purgeBinaryLogs}: one line per node. */
export function formatPurgeResults(results: PurgeResult[]): string {
  return `${results.map((r) => `${r.host}: ${r.action} — ${r.reason}${r.removed.length ? ` [${r.removed.join(', ')}]` : ''}`).join('\n')}\n`;
}
