import { errorFactory } from '@authstate/oocd-core';
import { defineCommand } from '../../command.js';
import { say, sayJson } from '../../output.js';
import { ssoFunction } from '../../sso/api.js';
import { passphraseOption, resolvePassphrase } from '../../sso/passphrase.js';

const fail = errorFactory('cli');

/** `authstate sso verify FILE SERVER_DIR`: compares a server's SSO tables with a backup. */
export const verifyCommand = defineCommand({
  command: 'verify <file> <server-dir>',
  describe: 'Check that a server’s SSO tables match a backup (row counts and checksums); exit 1 if not',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, normalize: true, describe: 'The bundle or SQL dump' })
      .positional('server-dir', { type: 'string', demandOption: true, normalize: true, describe: 'The Zato server directory' })
      .option('passphrase-file', passphraseOption)
      .option('url', { type: 'string', describe: 'Check this database instead of the one in server.conf' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 sso verify sso.bundle /home/zato/sso2/server --passphrase-file pass.txt', ''),
  run: async (args) => {
    const verify = await ssoFunction('verify');
    const passphrase = await resolvePassphrase(args.passphraseFile, 'Passphrase of the bundle: ');
    const report = await verify(args.file, args.serverDir, {
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(args.url === undefined ? {} : { url: args.url }),
    });
    if (args.json) sayJson(report);
    else {
      for (const t of report.tables) {
        say(
          `${t.ok ? 'ok  ' : 'DIFF'} ${t.name}: ${t.actualRows}/${t.expectedRows} rows${t.ok ? '' : `, sha256 ${t.actualSha256.slice(0, 12)}… ≠ ${t.expectedSha256.slice(0, 12)}…`}`,
        );
      }
    }
    const bad = report.tables.filter((t) => !t.ok).map((t) => t.name);
    if (!report.ok) throw fail('VERIFY_FAILED', `The server's SSO data differs from the backup (${bad.join(', ') || 'see above'}).`);
    if (!args.json) say('verified: the server holds exactly the backed-up SSO data');
    return 0;
  },
});
