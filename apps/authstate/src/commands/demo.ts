import { defineCommand } from '../command.js';

/** `authstate demo`: the main job on embedded defaults, end to end. */
export const demoCommand = defineCommand({
  command: 'demo',
  describe: 'Run everything end to end on embedded defaults (SQLite + fs), printing what each step proves',
  builder: (y) =>
    y
      .option('dir', { type: 'string', default: './demo-output', normalize: true, describe: 'The one folder the demo writes to' })
      .option('clean', { type: 'boolean', default: false, describe: 'Remove the folder at the end' })
      .example('$0 demo', 'files stay in ./demo-output')
      .example('$0 demo --dir /tmp/try --clean', ''),
  run: async (args) => {
    // Loaded on use: `authstate --help` lists this command without loading the demo's backends.
    const [{ runDemo }, { streamReporter }] = await Promise.all([import('../demo/index.js'), import('../demo/reporter.js')]);
    const report = streamReporter();
    await runDemo({ dir: args.dir, clean: args.clean, report });
    return 0;
  },
});
