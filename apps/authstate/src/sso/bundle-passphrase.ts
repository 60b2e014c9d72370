import { UsageError } from '../exit-codes.js';
import { resolveSecret, type SecretSources } from '../secret-input.js';
import { loadSsoBackup } from './load.js';
import { PASSPHRASE_ENV } from './passphrase.js';

/** The prompt `restore` and `verify` show on a terminal for an encrypted bundle. */
export const BUNDLE_PROMPT = 'Passphrase of the bundle: ';

/** What a backup file is, from its first bytes and clear header (nothing is decrypted). */
export type BackupFileKind = 'encrypted-bundle' | 'unencrypted-bundle' | 'not-a-bundle';

/**
 * Where the passphrase of a backup file of this kind may come from: an encrypted bundle from
 * `--passphrase-file`, the environment or a prompt on a terminal; anything else never prompts
 * (a passphrase given by file or environment still reaches the restore, which refuses one for an
 * unencrypted bundle).
 *
 * @example
 * ```ts
 * passphraseSources('unencrypted-bundle', 'pass.txt'); // { file: 'pass.txt', envName: 'AUTHSTATE_PASSPHRASE', what: 'passphrase' }
 * ```
 */
export function passphraseSources(kind: BackupFileKind, passphraseFile: string | undefined): SecretSources {
  const sources: SecretSources = { file: passphraseFile, envName: PASSPHRASE_ENV, what: 'passphrase' };
  return kind === 'encrypted-bundle' ? { ...sources, prompt: BUNDLE_PROMPT } : sources;
}

/**
 * Reads the clear header of `file` before any passphrase is asked for: a damaged or truncated
 * bundle is refused here (`CORRUPT`, exit 1) without a prompt. A file that does not start like a
 * bundle is `not-a-bundle` (the restore then refuses it, or reads it as SQL with `--plain-sql`).
 */
export async function backupFileKind(file: string): Promise<BackupFileKind> {
  const { isBundleFile, readBundleHeader } = await loadSsoBackup();
  if (!(await isBundleFile(file))) return 'not-a-bundle';
  return (await readBundleHeader(file)).encryption ? 'encrypted-bundle' : 'unencrypted-bundle';
}

/**
 * The passphrase for restoring or verifying `file`, decided by its header (see
 * {@link passphraseSources}). An encrypted bundle without one is a usage error (exit 2) naming the
 * options that give it.
 */
export async function bundlePassphrase(file: string, passphraseFile: string | undefined): Promise<string | undefined> {
  const kind = await backupFileKind(file);
  const passphrase = await resolveSecret(passphraseSources(kind, passphraseFile));
  if (kind === 'encrypted-bundle' && passphrase === undefined) {
    throw new UsageError(
      `${file} is encrypted and no passphrase was given: pass --passphrase-file FILE (the passphrase on its first line) or set ${PASSPHRASE_ENV}; on a terminal you are asked for it.`,
    );
  }
  return passphrase;
}
