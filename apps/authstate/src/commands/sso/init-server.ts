import { defineCommand } from '../../command.js';
import { note, say, sayJson } from '../../output.js';
import { loadSsoBackup } from '../../sso/load.js';

/** `authstate sso init-server DIR [--users N] [--sso-key]`: a new server directory as `zato create server` makes it. */
export const initServerCommand = defineCommand({
  command: 'init-server <dir>',
  describe:
    "Create a new server directory as Zato 3.2's `zato create server` does (server.conf, secrets.conf with a fresh key1, Zato's sso.conf, SQLite zato.db with the SSO schema)",
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, normalize: true, describe: 'The directory to create' })
      .option('users', { type: 'number', default: 0, describe: 'Sample users to create (their passwords are printed once)' })
      .option('url', { type: 'string', describe: 'Use this database instead of a new SQLite zato.db' })
      .option('sso-key', {
        type: 'boolean',
        default: false,
        describe: 'Also write [secret_keys] sso_key1 (the newer layout; it then encrypts SSO data). Default: key1 only, as Zato 3.2',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print {dir, users, activeKey} as JSON' })
      .example('$0 sso init-server /tmp/sso1/server --users 3', 'key1 only, as Zato 3.2 and 3.3 write it')
      .example('$0 sso init-server /tmp/sso2/server --sso-key', 'key1 and sso_key1, as newer Zato writes it'),
  run: async (args) => {
    const { initServer } = await loadSsoBackup();
    const result = await initServer(args.dir, { users: args.users, url: args.url, ssoKey: args.ssoKey });
    if (args.json) {
      sayJson(result);
      return 0;
    }
    say(`created Zato server ${result.dir} (SSO data encrypted with [secret_keys] ${result.activeKey})`);
    if (result.users.length > 0) {
      note('[authstate] sample users follow with their passwords; they are shown only now');
      for (const u of result.users) say(`${u.username}\t${u.password}\t${u.userId}`);
    }
    return 0;
  },
});
