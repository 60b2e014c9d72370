import { errorFactory, type SetOptions } from '@authstate/oocd-core';
import { type BackendArgs, withBackend, withBackendOptions } from '../../backend-options.js';
import { defineCommand } from '../../command.js';
import { parseDuration, parseInstant } from '../../duration.js';
import { EXIT } from '../../exit-codes.js';
import { readStdin } from '../../secret-input.js';

const fail = errorFactory('cli');

/** `--meta k=v` pairs into an object. */
export function parseMeta(pairs: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw fail('INVALID_ARGUMENT', `--meta ${JSON.stringify(p)} must be NAME=VALUE.`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** The expiry from `--ttl` or `--expires` (default: 1 hour). */
export function expiryFrom(args: { ttl?: string | undefined; expires?: string | undefined }): SetOptions {
  if (args.expires !== undefined) return { expiresAt: parseInstant(args.expires) };
  return { ttlMs: parseDuration(args.ttl ?? '1h', 'ttl') };
}

/** `authstate oocd put KEY [VALUE]`: stores an entry. */
export const putCommand = defineCommand({
  command: 'put <key> [value]',
  describe: 'Store an entry (VALUE from stdin when omitted; one trailing newline is dropped)',
  builder: (y) =>
    withBackendOptions(
      y
        .positional('key', { type: 'string', demandOption: true, describe: 'The key, e.g. /saml/msgid/abc' })
        .positional('value', { type: 'string', describe: 'The value; read from stdin when omitted' })
        .option('ttl', { type: 'string', describe: 'Time to live: 30s, 5m, 1h, 2d (default 1h)' })
        .option('expires', { type: 'string', describe: 'Absolute expiry, ISO 8601 with zone (e.g. 2030-01-31T12:00:00Z)' })
        .conflicts('ttl', 'expires')
        .option('meta', { type: 'string', array: true, describe: 'Metadata NAME=VALUE (repeatable)' })
        .option('if-absent', { type: 'boolean', default: false, describe: 'Create only if absent: exit 0 created, 3 exists' })
        .example('$0 oocd put /saml/msgid/abc seen --ttl 5m --meta issuer=idp1', '')
        .example('echo -n "$TOKEN" | $0 oocd put /oauth/code/xyz --if-absent', ''),
    ),
  run: async (args) => {
    const expiry = expiryFrom(args);
    const metadata = parseMeta(args.meta);
    const value = args.value ?? (await readStdin()).replace(/\r?\n$/, '');
    return withBackend(args as BackendArgs, async (oocd) => {
      const opts = { ...expiry, metadata };
      if (args.ifAbsent) return (await oocd.create(args.key, value, opts)) ? EXIT.OK : EXIT.NOT_FOUND;
      await oocd.set(args.key, value, opts);
      return EXIT.OK;
    });
  },
});
