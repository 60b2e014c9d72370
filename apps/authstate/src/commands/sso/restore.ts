import { defineCommand } from '../../command.js';
import { note, say, sayJson } from '../../output.js';
import { loadSsoBackup } from '../../sso/load.js';
import { withBackupAndServer, withBundleOptions } from '../../sso/options.js';
import { resolvePassphrase } from '../../sso/passphrase.js';
import { ssoProgress } from '../../sso/progress.js';

/** `authstate sso restore FILE SERVER_DIR`: loads a backup into a (new) server and installs the key. */
export const restoreCommand = defineCommand({
  command: 'restore <file> <server-dir>',
  describe: 'Restore a backup into a Zato server (tables, then the key as sso_key1 in secrets.conf)',
  builder: (y) =>
    withBundleOptions(withBackupAndServer(y, 'The new Zato server directory'), {
      url: 'Restore into this database instead of the one in server.conf',
      json: 'Print the summary as JSON',
    })
      .option('force', { type: 'boolean', default: false, describe: 'Replace SSO data already in the target' })
      .option('key-action', {
        choices: ['write', 'print'] as const,
        default: 'write' as const,
        describe: 'write: set sso_key1 in secrets.conf; print: print the key on stdout instead',
      })
      .example('$0 sso restore sso.bundle /home/zato/sso2/server --passphrase-file pass.txt', ''),
  run: async (args) => {
    const { restore } = await loadSsoBackup();
    const passphrase = await resolvePassphrase(args.passphraseFile, 'Passphrase of the bundle: ');
    const bar = ssoProgress('restoring');
    const summary = await restore(args.file, args.serverDir, {
      force: args.force,
      keyAction: args.keyAction,
      passphrase,
      url: args.url,
      onProgress: bar.onProgress,
    });
    bar.done();
    if (args.json) {
      sayJson(summary);
      return 0;
    }
    const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
    say(
      `restored ${summary.tables.length} tables, ${rows} rows into ${args.serverDir}${summary.crossEngine ? ' (across database engines)' : ''}`,
    );
    if (summary.keyAction === 'write') say('the SSO key is now sso_key1 in config/repo/secrets.conf');
    if (summary.keyAction === 'print' && summary.key) {
      note('[authstate] the SSO key follows on stdout; store it as sso_key1 or pass it with --sso-secret-key-file');
      say(summary.key);
    }
    if (summary.keyAction === 'none') note('[authstate] the backup held no key (a plain SQL dump): set sso_key1 in secrets.conf yourself');
    return 0;
  },
});
