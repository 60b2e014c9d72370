import { EXIT } from '../../exit-codes.js';
import { say } from '../../output.js';
import { defineOocdCommand } from './define.js';

/** `authstate oocd rm KEY`: removes an entry (or a subtree); prints how many; exit 3 when none. */
export const rmCommand = defineOocdCommand({
  command: 'rm <key>',
  describe: 'Remove an entry (with --recursive, everything under it too); prints how many',
  builder: (y) =>
    y
      .positional('key', { type: 'string', demandOption: true, describe: 'The key or branch' })
      .option('recursive', { alias: 'r', type: 'boolean', default: false, describe: 'Remove the key and its whole subtree' })
      .example('$0 oocd rm /saml --recursive', ''),
  run: async (args, oocd) => {
    const n = await oocd.remove(args.key, { recursive: args.recursive });
    say(String(n));
    return n === 0 ? EXIT.NOT_FOUND : EXIT.OK;
  },
});
