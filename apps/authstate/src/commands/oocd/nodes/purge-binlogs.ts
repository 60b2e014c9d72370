import { defineCommand } from '../../../command.js';
import { EXIT } from '../../../exit-codes.js';
import { note, sayJson } from '../../../output.js';
import { resolveNodesTarget, withNodesOptions } from './target.js';

/** `authstate oocd nodes purge-binlogs`: removes the binary logs every replica has applied; cron-safe. */
export const purgeBinlogsCommand = defineCommand({
  command: 'purge-binlogs',
  describe:
    'MariaDB: on every node, remove the binary logs every listed replica has applied; safe from cron (exit 0 done or nothing to do, 1 skipped because unsure)',
  builder: (y) =>
    withNodesOptions(
      y
        .option('dry-run', { type: 'boolean', default: false, describe: 'Report what would be removed; remove nothing' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array, one object per node' })
        .example('$0 oocd nodes purge-binlogs --url mariadb://db1,db2/OOCD --admin-user binarylog_user --admin-password-file pw', '')
        .example('0 * * * * authstate oocd nodes purge-binlogs --config /etc/authstate/oocd.properties', 'crontab: hourly'),
    ),
  run: async (args) => {
    const { formatPurgeResults, purgeBinaryLogs } = await import('@authstate/oocd-sql');
    const results = await purgeBinaryLogs(await resolveNodesTarget(args), { dryRun: args.dryRun });
    if (args.json) sayJson(results);
    else process.stdout.write(formatPurgeResults(results));
    const skipped = results.filter((r) => r.action === 'skipped').map((r) => r.host);
    if (skipped.length === 0) return EXIT.OK;
    note(`[authstate] [cli] left ${skipped.join(', ')} alone: something could not be confirmed (see above); nothing was removed there.`);
    return EXIT.ERROR;
  },
});
