import { defineCommand } from '../../command.js';
import { note, say, sayJson } from '../../output.js';
import { loadSsoBackup } from '../../sso/load.js';

/** `authstate sso init-server DIR [--users N]`: a new Zato-like server directory for trying things out. */
export const initServerCommand = defineCommand({
  command: 'init-server <dir>',
  describe: 'Create a new Zato-like server directory (server.conf, secrets.conf with fresh keys, SQLite zato.db with the SSO schema)',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, normalize: true, describe: 'The directory to create' })
      .option('users', { type: 'number', default: 0, describe: 'Sample users to create (their passwords are printed once)' })
      .option('url', { type: 'string', describe: 'Use this database instead of a new SQLite zato.db' })
      .option('json', { type: 'boolean', default: false, describe: 'Print {dir, users} as JSON' })
      .example('$0 sso init-server /tmp/sso1/server --users 3', ''),
  run: async (args) => {
    const { initServer } = await loadSsoBackup();
    const result = await initServer(args.dir, { users: args.users, url: args.url });
    if (args.json) {
      sayJson(result);
      return 0;
    }
    say(`created Zato server ${result.dir}`);
    if (result.users.length > 0) {
      note('[authstate] sample users follow with their passwords; they are shown only now');
      for (const u of result.users) say(`${u.username}\t${u.password}\t${u.userId}`);
    }
    return 0;
  },
});
