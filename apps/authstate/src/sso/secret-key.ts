import { errorFactory } from '@authstate/oocd-core';
import { readSecretFile, readStdin } from '../secret-input.js';

const fail = errorFactory('cli');

/** Where `sso login` may take the SSO key from (the seed's `--sso-secret-key` and safer forms). */
export interface SecretKeyArgs {
  ssoSecretKey?: string | undefined;
  ssoSecretKeyEnv?: string | undefined;
  ssoSecretKeyFile?: string | undefined;
}

/**
 * The SSO key given on the command line, by env name or by file; `undefined` means "use the
 * server's secrets.conf". Env names starting with ZATO (any case) are reserved by Zato and refused.
 */
export async function resolveSsoSecretKey(args: SecretKeyArgs, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (args.ssoSecretKey !== undefined) return args.ssoSecretKey;
  if (args.ssoSecretKeyEnv !== undefined) {
    const name = args.ssoSecretKeyEnv;
    if (/^zato/i.test(name)) {
      throw fail(
        'INVALID_ARGUMENT',
        `Environment variable names starting with ZATO (any case) are reserved by Zato; use another name than ${name}.`,
      );
    }
    const v = env[name];
    if (!v) throw fail('CONFIG', `--sso-secret-key-env ${name}: the variable is not set or empty.`);
    return v;
  }
  if (args.ssoSecretKeyFile !== undefined) return readSecretFile(args.ssoSecretKeyFile, 'SSO key');
  return undefined;
}

/** The user's password from `--password-file` or `--password-stdin`; `undefined` when neither. */
export async function resolveLoginPassword(args: {
  passwordFile?: string | undefined;
  passwordStdin?: boolean | undefined;
}): Promise<string | undefined> {
  if (args.passwordFile !== undefined) return readSecretFile(args.passwordFile, 'password');
  if (args.passwordStdin) {
    const text = (await readStdin()).split(/\r?\n/)[0] ?? '';
    if (text === '') throw fail('INVALID_ARGUMENT', '--password-stdin: stdin was empty; pipe the password in.');
    return text;
  }
  return undefined;
}
