import { errorFactory } from '@authstate/oocd-core';
import { defineCommand } from '../../command.js';
import { say, sayJson } from '../../output.js';
import { bundlePassphrase } from '../../sso/bundle-passphrase.js';
import { loadSsoBackup } from '../../sso/load.js';
import { withBackupAndServer, withBundleOptions } from '../../sso/options.js';

const fail = errorFactory('cli');

/** `authstate sso verify FILE SERVER_DIR`: compares a server's SSO tables with a backup. */
export const verifyCommand = defineCommand({
  command: 'verify <file> <server-dir>',
  describe: 'Check that a server’s SSO tables match a backup (row counts and checksums); exit 1 if not',
  builder: (y) =>
    withBundleOptions(withBackupAndServer(y, 'The Zato server directory'), {
      url: 'Check this database instead of the one in server.conf',
      json: 'Print the report as JSON',
    })
      .epilog(
        "After a rekeyed restore (the server's SSO key is not the backup's) the Fernet columns are compared by their decrypted plaintext, everything else byte for byte. An unencrypted bundle's checksums detect damage, not tampering.",
      )
      .example('$0 sso verify sso.bundle /home/zato/sso2/server --passphrase-file pass.txt', ''),
  run: async (args) => {
    const { verify } = await loadSsoBackup();
    const passphrase = await bundlePassphrase(args.file, args.passphraseFile);
    const report = await verify(args.file, args.serverDir, { passphrase, url: args.url });
    if (args.json) sayJson(report);
    else {
      for (const t of report.tables) {
        say(
          `${t.ok ? 'ok  ' : 'DIFF'} ${t.name}: ${t.actualRows}/${t.expectedRows} rows${t.ok ? '' : `, sha256 ${t.actualSha256.slice(0, 12)}… ≠ ${t.expectedSha256.slice(0, 12)}…`}`,
        );
      }
      const p = report.fernetByPlaintext;
      if (p) {
        say(
          `compared by plaintext (the data was re-encrypted under the server's ${p.targetKey}; tokens differ, their decrypted values must not): ${p.columns.join(', ')}`,
        );
      }
      if (!report.encrypted) say('note: the bundle is not encrypted: its checksums detect damage, not tampering');
    }
    const bad = report.tables.filter((t) => !t.ok).map((t) => t.name);
    if (!report.ok) throw fail('VERIFY_FAILED', `The server's SSO data differs from the backup (${bad.join(', ') || 'see above'}).`);
    if (!args.json) say('verified: the server holds exactly the backed-up SSO data');
    return 0;
  },
});
