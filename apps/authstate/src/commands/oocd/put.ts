import { errorFactory, parseDuration, parseInstant, type SetOptions, validateMetadataName } from '@authstate/oocd-core';
import { type BackendArgs, withBackend, withBackendOptions } from '../../backend-options.js';
import { defineCommand } from '../../command.js';
import { EXIT, UsageError } from '../../exit-codes.js';
import { note } from '../../output.js';
import { readStdin } from '../../secret-input.js';

const fail = errorFactory('cli');

/**
 * `--meta k=v` pairs into an object. Names are checked by the core's rule (`__proto__`,
 * `constructor`, `prototype` are refused, not silently dropped); a name given twice is refused.
 */
export function parseMeta(pairs: readonly string[] | undefined): Record<string, string> {
  const out = new Map<string, string>();
  for (const p of pairs ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw fail('INVALID_ARGUMENT', `--meta ${JSON.stringify(p)} must be NAME=VALUE.`);
    const name = validateMetadataName(p.slice(0, eq));
    if (out.has(name)) throw fail('INVALID_ARGUMENT', `--meta ${name} is given twice; give each name once.`);
    out.set(name, p.slice(eq + 1));
  }
  return Object.fromEntries(out);
}

/** The expiry from `--ttl` or `--expires` (default: 1 hour), parsed by the core's one parser. */
export function expiryFrom(args: { ttl?: string | undefined; expires?: string | undefined }): SetOptions {
  if (args.expires !== undefined) return { expiresAt: parseInstant(args.expires, '--expires') };
  return { ttlMs: parseDuration(args.ttl ?? '1h', '--ttl') };
}

/** The words of this command before its arguments (`authstate oocd put`). */
const COMMAND_WORDS = 2;

/**
 * The VALUE: the positional, or the one word after `--` (so `put /a -- -x` stores `-x`), else
 * stdin. Anything more after `--` is a usage error: options must come before `--`, and nothing is
 * ever read from stdin into the default backend by mistake. With no VALUE and stdin a terminal,
 * it is a usage error at once instead of a silent wait.
 */
export async function valueFrom(value: string | undefined, rest: readonly (string | number)[], stdinIsTty: boolean): Promise<string> {
  const words = rest.map(String);
  if (words.length > (value === undefined ? 1 : 0)) {
    const extra = value === undefined ? words.slice(1) : words;
    throw new UsageError(
      `Unexpected argument(s) after the value: ${extra.join(' ')}. Everything after -- is the VALUE, one word; put options before --.`,
    );
  }
  const given = value ?? words[0];
  if (given !== undefined) return given;
  if (stdinIsTty) {
    throw new UsageError('No VALUE: give it as an argument (put KEY VALUE) or pipe it on stdin (echo -n v | authstate oocd put KEY).');
  }
  return (await readStdin()).replace(/\r?\n$/, '');
}

/** `authstate oocd put KEY [VALUE]`: stores an entry. */
export const putCommand = defineCommand({
  command: 'put <key> [value]',
  describe: 'Store an entry (VALUE from stdin when omitted; one trailing newline is dropped)',
  builder: (y) =>
    withBackendOptions(
      y
        .positional('key', { type: 'string', demandOption: true, describe: 'The key, e.g. /saml/msgid/abc' })
        .positional('value', { type: 'string', describe: 'The value; read from stdin when omitted; after -- it may start with -' })
        // nargs: 1 takes the next word even if it starts with "-", so `--ttl -5m` gets a clear error.
        .option('ttl', { type: 'string', nargs: 1, describe: 'Time to live: 30s, 5m, 1h, 2d (default 1h)' })
        .option('expires', { type: 'string', nargs: 1, describe: 'Absolute expiry, ISO 8601 with zone (e.g. 2030-01-31T12:00:00Z)' })
        .conflicts('ttl', 'expires')
        .option('meta', { type: 'string', array: true, describe: 'Metadata NAME=VALUE (repeatable)' })
        .option('if-absent', { type: 'boolean', default: false, describe: 'Create only if absent: exit 0 created, 3 exists' })
        .example('$0 oocd put /saml/msgid/abc seen --ttl 5m --meta issuer=idp1', '')
        .example('echo -n "$TOKEN" | $0 oocd put /oauth/code/xyz --if-absent', '')
        .example('$0 oocd put /x --ttl 5m -- -value-starting-with-dash', ''),
    ),
  run: async (args) => {
    const expiry = expiryFrom(args);
    const metadata = parseMeta(args.meta);
    const value = await valueFrom(args.value, args._.slice(COMMAND_WORDS), process.stdin.isTTY === true);
    return withBackend(args as BackendArgs, async (oocd) => {
      const opts = { ...expiry, metadata };
      if (!args.ifAbsent) {
        await oocd.set(args.key, value, opts);
        return EXIT.OK;
      }
      if (await oocd.create(args.key, value, opts)) return EXIT.OK;
      note(`[authstate] ${args.key} exists already (live entry); --if-absent stored nothing.`);
      return EXIT.NOT_FOUND;
    });
  },
});
