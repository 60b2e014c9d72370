import { defineCommand } from '../../command.js';
import { say, sayJson } from '../../output.js';
import { loadSsoBackup } from '../../sso/load.js';
import { resolveLoginPassword, resolveSsoSecretKey } from '../../sso/secret-key.js';

/** `authstate sso login SERVER_DIR USERNAME`: logs a user in like `zato sso login`, proving the key decrypts the data. */
export const loginCommand = defineCommand({
  command: 'login <server-dir> <username>',
  describe:
    "Log a user in like `zato sso login` (proves the SSO key decrypts the restored data). Without a key option it uses the key the server's Zato uses: [secret_keys] sso_key1 if present, else key1",
  builder: (y) =>
    y
      .positional('server-dir', { type: 'string', demandOption: true, normalize: true, describe: 'The Zato server directory' })
      .positional('username', { type: 'string', demandOption: true, describe: 'The SSO user' })
      .option('password-file', { type: 'string', normalize: true, describe: 'File holding the user’s password (checked when given)' })
      .option('password-stdin', { type: 'boolean', describe: 'Read the user’s password from stdin' })
      .conflicts('password-file', 'password-stdin')
      .option('sso-secret-key', {
        type: 'string',
        describe: 'The SSO key itself. WARNING: the command line is visible to other users (ps); prefer --sso-secret-key-env or -file',
      })
      .option('sso-secret-key-env', { type: 'string', describe: 'Name of an env variable holding the SSO key (not starting with ZATO)' })
      .option('sso-secret-key-file', { type: 'string', normalize: true, describe: 'File holding the SSO key' })
      .conflicts('sso-secret-key', ['sso-secret-key-env', 'sso-secret-key-file'])
      .conflicts('sso-secret-key-env', 'sso-secret-key-file')
      .option('json', { type: 'boolean', default: false, describe: 'Print only the JSON object' })
      .example('$0 sso login /home/zato/sso2/server my.user', '')
      .example('MY_SSO_SECRET_KEY=… $0 sso login /home/zato/sso2/server my.user --sso-secret-key-env MY_SSO_SECRET_KEY', ''),
  run: async (args) => {
    const { login } = await loadSsoBackup();
    const key = await resolveSsoSecretKey(args);
    const password = await resolveLoginPassword(args);
    const result = await login(args.serverDir, args.username, { key, password });
    if (args.json) sayJson(result);
    else say(`User logged in ${JSON.stringify(result, null, 2)}`);
    return 0;
  },
});
