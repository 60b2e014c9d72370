import { entryToJson, say, sayJson } from '../../output.js';
import { defineOocdCommand } from './define.js';

/** `authstate oocd ls BRANCH`: keys under a branch, one per line, sorted. */
export const lsCommand = defineOocdCommand({
  command: 'ls [branch]',
  describe: 'List the keys directly under a branch (one per line, sorted by bytes)',
  builder: (y) =>
    y
      .positional('branch', { type: 'string', default: '/', describe: 'The branch, e.g. /saml (default /)' })
      .option('recursive', { alias: 'r', type: 'boolean', default: false, describe: 'The whole subtree' })
      .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array of entries' })
      .example('$0 oocd ls /saml --recursive', ''),
  run: async (args, oocd) => {
    const entries = await oocd.list(args.branch, { recursive: args.recursive });
    if (args.json) sayJson(entries.map(entryToJson));
    else if (entries.length > 0) say(entries.map((e) => e.key).join('\n'));
    return 0;
  },
});
