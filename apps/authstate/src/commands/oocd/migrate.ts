import { type BackendArgs, describeBackend, openBackend, resolveBackendConfig } from '../../backend-options.js';
import { defineCommand } from '../../command.js';
import { migrateEntries } from '../../oocd/migrate.js';
import { progress, say } from '../../output.js';

/** `authstate oocd migrate --from CONFIG --to CONFIG`: copies every live entry between backends and verifies. */
export const migrateCommand = defineCommand({
  command: 'migrate',
  describe: 'Copy every live entry from one backend to another (any → any), then verify',
  builder: (y) =>
    y
      .option('from', { type: 'string', demandOption: true, normalize: true, describe: 'Source backend config (properties file)' })
      .option('to', { type: 'string', demandOption: true, normalize: true, describe: 'Target backend config (properties file)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the counts as JSON' })
      .example('$0 oocd migrate --from fs.properties --to sql.properties', 'fs → SQL; safe to re-run'),
  run: async (args) => {
    const fromConfig = await resolveBackendConfig({ config: args.from } satisfies BackendArgs);
    const toConfig = await resolveBackendConfig({ config: args.to } satisfies BackendArgs);
    const from = await openBackend(fromConfig);
    try {
      const to = await openBackend(toConfig);
      try {
        const bar = { copy: progress('copying'), verify: progress('verifying') };
        const summary = await migrateEntries(from, to, { onProgress: (phase, done, total) => bar[phase].update(done, total) });
        bar.copy.done();
        bar.verify.done();
        if (args.json) say(JSON.stringify({ from: describeBackend(fromConfig), to: describeBackend(toConfig), ...summary }));
        else {
          say(`migrated ${describeBackend(fromConfig)} → ${describeBackend(toConfig)}`);
          say(`read ${summary.read}, copied ${summary.copied}, expired skipped ${summary.expiredSkipped}, verified ${summary.verified}`);
        }
        return 0;
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
  },
});
