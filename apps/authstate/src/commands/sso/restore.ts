import type { RestoreSummary } from '@authstate/sso-backup';
import { defineCommand } from '../../command.js';
import { note, say, sayJson } from '../../output.js';
import { bundlePassphrase } from '../../sso/bundle-passphrase.js';
import { loadSsoBackup } from '../../sso/load.js';
import { withBackupAndServer, withBundleOptions } from '../../sso/options.js';
import { ssoProgress } from '../../sso/progress.js';
import { describeKeyAction } from '../../sso/restore-report.js';

const KEY_ACTIONS = ['auto', 'write', 'rekey', 'print'] as const;

/** `authstate sso restore FILE SERVER_DIR`: loads a backup into a (new, stopped) server and deals with the key. */
export const restoreCommand = defineCommand({
  command: 'restore <file> <server-dir>',
  describe: 'Restore a backup into a new, stopped Zato server: its SSO tables in one transaction, and the SSO key (--key-action)',
  builder: (y) =>
    withBundleOptions(withBackupAndServer(y, 'The new Zato server directory'), {
      url: 'Restore into this database instead of the one in server.conf',
      json: 'Print the summary as JSON',
    })
      .option('force', {
        type: 'boolean',
        default: false,
        describe:
          'Replace SSO rows the target already holds (without it such a target is refused, exit 3) and, with --key-action write, its different sso_key1. Never overrides the running-server check',
      })
      .option('key-action', {
        choices: KEY_ACTIONS,
        default: 'auto' as const,
        describe:
          "auto: write if the target's secrets.conf has sso_key1, else rekey. write: the backup's key becomes sso_key1. rekey: re-encrypt the restored Fernet values under the target's own key (sso_key1, else key1; secrets.conf unchanged; what Zato 3.2/3.3 need). print: write no key, print it and how to pass it",
      })
      .option('key-env-name', {
        type: 'string',
        describe: 'With --key-action print: the environment variable the instructions use (must not start with ZATO, any case)',
      })
      .option('plain-sql', {
        type: 'boolean',
        default: false,
        describe:
          'Accept a plain .sql dump instead of a bundle (SQLite targets; only statements on zato_sso_* objects run). Without it, such a file is refused',
      })
      .option('skip-linked-auth', {
        type: 'boolean',
        default: false,
        describe:
          'On a full Zato database (sec_base + fk_sso_linked_base_id): leave out linked-auth rows whose auth_id has no sec_base row, instead of refusing (exit 3)',
      })
      .epilog(
        'Refused with exit 3, changing nothing: a server whose pidfile names a live process (stop it first; restore before it starts), a target holding SSO rows (unless --force), linked-auth rows pointing at missing sec_base rows (unless --skip-linked-auth). A damaged bundle or a plain file without --plain-sql: exit 1. An encrypted bundle with no passphrase (no --passphrase-file, no AUTHSTATE_PASSPHRASE, no terminal to ask on): exit 2. A new secrets.conf is prepared before the database commits, so a failure leaves everything as it was.',
      )
      .example(
        '$0 sso restore sso.bundle /home/zato/sso2/server --passphrase-file pass.txt',
        'key1-only target: rekey; with sso_key1: write',
      )
      .example('$0 sso restore sso.bundle /home/zato/sso2/server --passphrase-file pass.txt --key-action print', 'write no key; print it'),
  run: async (args) => {
    const { restore } = await loadSsoBackup();
    const passphrase = await bundlePassphrase(args.file, args.passphraseFile);
    const bar = ssoProgress('restoring');
    let summary: RestoreSummary;
    try {
      summary = await restore(args.file, args.serverDir, {
        force: args.force,
        keyAction: args.keyAction,
        keyEnvName: args.keyEnvName,
        plainSql: args.plainSql,
        skipLinkedAuth: args.skipLinkedAuth,
        passphrase,
        url: args.url,
        onProgress: bar.onProgress,
      });
    } finally {
      bar.done();
    }
    for (const w of summary.warnings) note(`[authstate] warning: ${w}`);
    if (args.json) {
      sayJson(summary);
      return 0;
    }
    const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
    say(
      `restored ${summary.tables.length} tables, ${rows} rows into ${args.serverDir}${summary.crossEngine ? ' (across database engines)' : ''}`,
    );
    if (summary.replaced.length > 0)
      say(`replaced the SSO data it held: ${summary.replaced.map((t) => `${t.name} (${t.rows})`).join(', ')}`);
    for (const s of summary.skippedLinkedAuth)
      say(`skipped linked-auth row id ${s.id} (user ${s.userId}): auth_id ${s.authId} has no sec_base row here`);
    for (const line of describeKeyAction(summary)) say(line);
    if (summary.keyAction === 'print' && summary.key) {
      if (summary.instructions) note(summary.instructions);
      say(summary.key);
    }
    return 0;
  },
});
