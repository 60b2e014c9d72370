import type { OocdEntry, OutOfContextDataService } from '@authstate/oocd-core';
import { EXIT } from '../../exit-codes.js';
import { entryToJson, say, sayJson } from '../../output.js';
import { defineOocdCommand } from './define.js';

function readCommand(
  name: 'get' | 'take',
  describe: string,
  read: (oocd: OutOfContextDataService, key: string) => Promise<OocdEntry | undefined>,
) {
  return defineOocdCommand({
    command: `${name} <key>`,
    describe,
    builder: (y) =>
      y
        .positional('key', { type: 'string', demandOption: true, describe: 'The key' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {"key","value","expiresAt","metadata"}' })
        .example(`$0 oocd ${name} /saml/msgid/abc --json`, ''),
    run: async (args, oocd) => {
      const entry = await read(oocd, args.key);
      if (!entry) {
        process.stderr.write(`[authstate] ${args.key}: no such entry (absent or expired)\n`);
        return EXIT.NOT_FOUND;
      }
      if (args.json) sayJson(entryToJson(entry));
      else say(entry.value);
      return EXIT.OK;
    },
  });
}

/** `authstate oocd get KEY`: prints the value; exit 3 when absent or expired. */
export const getCommand = readCommand('get', 'Print an entry’s value (exit 3 when absent or expired)', (o, k) => o.get(k));

/** `authstate oocd take KEY`: like get, and removes the entry atomically. */
export const takeCommand = readCommand('take', 'Print an entry’s value and remove it atomically (exit 3 when absent)', (o, k) => o.take(k));
