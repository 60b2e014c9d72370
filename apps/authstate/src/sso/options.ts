import type { Argv } from 'yargs';
import { PASSPHRASE_ENV } from './passphrase.js';

/** `<file> <server-dir>`: the backup and the server, as `restore` and `verify` take them. */
export function withBackupAndServer<T>(y: Argv<T>, serverDir: string) {
  return y
    .positional('file', { type: 'string', demandOption: true, normalize: true, describe: 'The bundle or SQL dump' })
    .positional('server-dir', { type: 'string', demandOption: true, normalize: true, describe: serverDir });
}

/**
 * `--passphrase-file`, `--url` and `--json`, which `backup`, `restore` and `verify` share; `what`
 * says what the URL and the JSON are for the command.
 *
 * @example
 * ```ts
 * builder: (y) => withBundleOptions(y, { url: 'Check this database…', json: 'Print the report as JSON' })
 * ```
 */
export function withBundleOptions<T>(y: Argv<T>, what: { url: string; json: string }) {
  return y
    .option('passphrase-file', {
      type: 'string',
      normalize: true,
      describe: `File holding the bundle passphrase (else env ${PASSPHRASE_ENV}, else a prompt on a terminal when the bundle needs one; never on the command line)`,
    })
    .option('url', { type: 'string', describe: what.url })
    .option('json', { type: 'boolean', default: false, describe: what.json });
}
