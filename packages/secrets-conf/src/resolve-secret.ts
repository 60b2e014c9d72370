import { fail } from './errors.js';

/** Where {@link resolveSecretValue} reads indirections from. */
export interface ResolveOptions {
  /** Environment for `$NAME` values (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Source for `zato+stdin:///` values (default: all of standard input, trimmed). */
  stdin?: () => Promise<string>;
}

/** Prefix Zato puts before Fernet-encrypted values (`SECRETS.PREFIX`). */
export const SECF_PREFIX = 'zato.secf.';
/** Value that tells Zato to read the secret from standard input. */
export const STDIN_URL = 'zato+stdin:///';

/**
 * Resolves one secrets.conf value the way Zato does: `$NAME` is read from the environment,
 * `zato+stdin:///` from standard input, and a `zato.secf.` prefix is stripped. Other values are
 * returned as they are. CONFIG error when `$NAME` is not set.
 *
 * @example
 * ```ts
 * await resolveSecretValue('$MY_KEY', { env: { MY_KEY: 'abc=' } }); // 'abc='
 * await resolveSecretValue('zato.secf.gAAAAAB…');                  // 'gAAAAAB…'
 * ```
 */
export async function resolveSecretValue(raw: string, opts: ResolveOptions = {}): Promise<string> {
  let value = raw.trim();
  if (value.startsWith('$') && value.length > 1) {
    const name = value.slice(1);
    const fromEnv = (opts.env ?? process.env)[name];
    if (fromEnv === undefined || fromEnv === '') {
      throw fail('CONFIG', `secrets.conf refers to the environment variable ${name}, which is not set. Export it before running.`);
    }
    value = fromEnv.trim();
  } else if (value === STDIN_URL) {
    value = (await (opts.stdin ?? readAllStdin)()).trim();
    if (!value) throw fail('CONFIG', 'secrets.conf asks for a value on standard input (zato+stdin:///) but none was given.');
  }
  return value.startsWith(SECF_PREFIX) ? value.slice(SECF_PREFIX.length) : value;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
