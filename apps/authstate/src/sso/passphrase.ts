import { resolveSecret } from '../secret-input.js';

/** The env variable holding a bundle passphrase. */
export const PASSPHRASE_ENV = 'AUTHSTATE_PASSPHRASE';

/** The passphrase from `--passphrase-file`, `AUTHSTATE_PASSPHRASE` or a TTY prompt; undefined if none. */
export function resolvePassphrase(file: string | undefined, prompt: string): Promise<string | undefined> {
  return resolveSecret({ file, envName: PASSPHRASE_ENV, prompt, what: 'passphrase' });
}
