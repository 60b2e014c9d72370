import yargs from 'yargs';
import { type CliState, loadNamed, type RegistrarLoader } from './command.js';
import { EXIT, exitCodeFor, UsageError } from './exit-codes.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';

// Loaded on use, and only those the command line names (see loadNamed): start-up time is what a
// short command costs, so `authstate oocd get` loads neither the SSO tools nor the HTTP server.
const COMMANDS: Record<string, RegistrarLoader> = {
  oocd: async () => (await import('./commands/oocd/index.js')).oocdCommands,
  sso: async () => (await import('./commands/sso/index.js')).ssoCommands,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
};

/**
 * Runs the `authstate` command line and resolves to its exit code (0 ok, 1 error, 2 usage,
 * 3 not found / already exists). Never calls `process.exit`.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const state: CliState = { code: EXIT.OK, argv };
  const debug = argv.includes('--debug');
  const parser = yargs(argv)
    .scriptName('authstate')
    .usage('$0 <command> [options]\n\nOut-of-context data service and Zato SSO backup/restore.')
    .option('debug', { type: 'boolean', global: true, describe: 'Show stack traces on errors' })
    .strict()
    .recommendCommands()
    .demandCommand(1, 'Name a command: oocd, sso or demo.')
    .completion('completion', 'Print a bash/zsh completion script (authstate completion >> ~/.bashrc)')
    .help()
    .alias('h', 'help')
    .version(VERSION)
    // No wrapping: a wrapped example breaks mid-word or mid-command, and copy-paste with it.
    .wrap(null)
    .epilogue('Exit codes: 0 ok, 1 error, 2 usage, 3 not found / already exists.')
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(message);
    });
  try {
    for (const register of await loadNamed(COMMANDS, argv)) register(parser, state);
    await parser.parseAsync();
    return state.code;
  } catch (e) {
    reportError(e, debug);
    return exitCodeFor(e);
  }
}
