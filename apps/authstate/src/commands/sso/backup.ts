import { errorFactory } from '@authstate/oocd-core';
import { defineCommand } from '../../command.js';
import { note, say, sayJson } from '../../output.js';
import { loadSsoBackup } from '../../sso/load.js';
import { withBundleOptions } from '../../sso/options.js';
import { resolvePassphrase } from '../../sso/passphrase.js';
import { ssoProgress } from '../../sso/progress.js';

const fail = errorFactory('cli');

/** `authstate sso backup SERVER_DIR --out FILE`: the SSO tables and key into a bundle (or a plain SQL dump). */
export const backupCommand = defineCommand({
  command: 'backup <server-dir>',
  describe: 'Back up a Zato server’s SSO data and key into an encrypted bundle (or a plain SQL dump)',
  builder: (y) =>
    withBundleOptions(
      y.positional('server-dir', { type: 'string', demandOption: true, normalize: true, describe: 'The Zato server directory' }),
      { url: 'Read from this database instead of the one in server.conf', json: 'Print the summary as JSON' },
    )
      .option('out', { type: 'string', demandOption: true, normalize: true, describe: 'The file to write' })
      .option('format', {
        choices: ['bundle', 'sql'] as const,
        default: 'bundle' as const,
        describe: 'bundle: tables + key, encrypted; sql: the plain dump only',
      })
      .option('checksums', {
        type: 'boolean',
        default: false,
        describe:
          'With --format sql: also print each table’s checksum (the one verify and restore --json give; a bundle always has them). Costs about a third more time: every row is formatted twice',
      })
      .option('unencrypted', {
        type: 'boolean',
        default: false,
        describe: 'Write a bundle without a passphrase (it holds the SSO key in clear!)',
      })
      .example('$0 sso backup /home/zato/sso1/server --out sso.bundle --passphrase-file pass.txt', '')
      .example('$0 sso backup /home/zato/sso1/server --out zato-sso-backup.sql --format sql', 'like the manual procedure')
      .example(
        '$0 sso backup /home/zato/sso1/server --out zato-sso-backup.sql --format sql --checksums --json',
        'with checksums to compare with the restore',
      ),
  run: async (args) => {
    const { backup } = await loadSsoBackup();
    let passphrase: string | undefined;
    if (args.format === 'bundle') {
      passphrase = await resolvePassphrase(args.passphraseFile, 'Passphrase for the bundle: ');
      if (passphrase === undefined && !args.unencrypted) {
        throw fail(
          'INVALID_ARGUMENT',
          'A bundle holds the SSO key: give --passphrase-file FILE or AUTHSTATE_PASSPHRASE (or --unencrypted to store it in clear).',
        );
      }
    } else {
      note(
        '[authstate] warning: --format sql writes only the SQL dump; the SSO key is NOT in it. Copy sso_key1 (or key1) from secrets.conf separately.',
      );
    }
    const bar = ssoProgress('backing up');
    const summary = await backup(args.serverDir, args.out, {
      format: args.format,
      checksums: args.checksums,
      passphrase,
      url: args.url,
      // Without a terminal there is no bar to show: no listener, so the rows are not counted first.
      onProgress: process.stderr.isTTY ? bar.onProgress : undefined,
    });
    bar.done();
    if (args.json) sayJson(summary);
    else {
      const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
      say(`backed up ${summary.tables.length} tables, ${rows} rows from ${summary.engine} to ${summary.file}`);
      say(
        `format ${summary.format}${summary.format === 'bundle' ? `, ${summary.encrypted ? 'encrypted' : 'NOT encrypted'}, key from ${summary.keyFrom ?? '?'}` : ''}`,
      );
      for (const t of summary.tables) say(`  ${t.name}: ${t.rows} rows${t.sha256 ? `, sha256 ${t.sha256.slice(0, 16)}…` : ''}`);
    }
    return 0;
  },
});
