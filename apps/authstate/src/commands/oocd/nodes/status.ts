import type { NodeStatus } from '@authstate/oocd-sql';
import { defineCommand } from '../../../command.js';
import { EXIT } from '../../../exit-codes.js';
import { note, sayJson } from '../../../output.js';
import { resolveNodesTarget, withNodesOptions } from './target.js';

/** What is wrong with a cluster, one phrase per problem (empty: healthy). */
export function nodeProblems(nodes: readonly NodeStatus[]): string[] {
  const problems: string[] = [];
  for (const n of nodes) {
    if (!n.reachable) {
      problems.push(`${n.host} is not reachable`);
      continue;
    }
    for (const r of n.replication) {
      const from = `${n.host} replicating from ${r.masterHost}:${r.masterPort}`;
      if (r.ioThread !== 'Yes' || r.sqlThread !== 'Yes') problems.push(`${from}: IO thread ${r.ioThread}, SQL thread ${r.sqlThread}`);
      if (r.lastIoError || r.lastSqlError) problems.push(`${from}: last error ${r.lastIoError || r.lastSqlError}`);
    }
  }
  return problems;
}

/** `authstate oocd nodes status`: per node reachable, primary for us, replication threads, lag, last errors. */
export const statusCommand = defineCommand({
  command: 'status',
  describe: 'Per node of the URL’s host list: reachable, primary for us, replication threads, lag, last errors (exit 1 if unhealthy)',
  builder: (y) =>
    withNodesOptions(
      y
        .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array, one object per node' })
        .example('$0 oocd nodes status --url mariadb://db1:3306,db2:3306/OOCD --admin-user binarylog_user --admin-password-file pw', '')
        .example('$0 oocd nodes status --config /etc/authstate/oocd.properties --json', ''),
    ),
  run: async (args) => {
    const { formatNodesStatus, nodesStatus } = await import('@authstate/oocd-sql');
    const nodes = await nodesStatus(await resolveNodesTarget(args));
    if (args.json) sayJson(nodes);
    else process.stdout.write(formatNodesStatus(nodes));
    const problems = nodeProblems(nodes);
    if (problems.length === 0) return EXIT.OK;
    note(`[authstate] [cli] unhealthy: ${problems.join('; ')}.`);
    return EXIT.ERROR;
  },
});
