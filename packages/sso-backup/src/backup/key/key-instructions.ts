import { fail } from '../errors.js';
import { secretsConfPath } from './sso-key-source.js';

/**
 * Checks a name for an environment variable that will hold the SSO key: names starting with
 * `ZATO` (any case) are reserved for Zato itself.
 */
export function checkKeyEnvName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw fail('INVALID_ARGUMENT', `${JSON.stringify(name)} is not a valid environment variable name.`);
  if (/^zato/i.test(name))
    throw fail(
      'INVALID_ARGUMENT',
      `Environment variable names starting with ZATO (in any case) are reserved for Zato; choose another name than ${name}.`,
    );
  return name;
}

/**
 * How to give the restored key to the new server without writing it to secrets.conf (the seed's
 * options): `zato start <dir> --sso-secret-key <key>`, or through an environment variable.
 * The key itself is not included; the caller shows it separately.
 */
export function keyInstructions(serverDir: string, envName = 'MY_SSO_SECRET_KEY'): string {
  checkKeyEnvName(envName);
  return [
    'The restored SSO data is encrypted with the key printed; give it to the server before it starts:',
    `  add it to ${secretsConfPath(serverDir)} under [secret_keys] as sso_key1=<key> (Zato 3.2/3.3 read only key1: for them restore with --key-action rekey instead), or`,
    `  start the server with it: zato start ${serverDir} --sso-secret-key <key>, or`,
    `  export ${envName}=<key> and run: zato start ${serverDir} --sso-secret-key $${envName} (the variable's name must not start with ZATO, in any case)`,
  ].join('\n');
}
