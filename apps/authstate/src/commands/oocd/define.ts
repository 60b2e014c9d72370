import type { OutOfContextDataService } from '@authstate/oocd-core';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { type BackendArgs, withBackend, withBackendOptions } from '../../backend-options.js';
import { defineCommand, type Registrar } from '../../command.js';

/** An `oocd` command that works on one opened backend. */
export interface OocdCommandDefinition<A> {
  command: string;
  describe: string;
  /** The command's own positionals and options (the backend options are added). */
  builder: (y: Argv) => Argv<A>;
  /** What it does with the backend, which is closed afterwards; resolves to the exit code. */
  run: (args: ArgumentsCamelCase<A>, oocd: OutOfContextDataService) => Promise<number | undefined>;
}

/**
 * Defines an `oocd` command that takes the backend options and runs on the backend they name.
 *
 * @example
 * ```ts
 * export const reapCommand = defineOocdCommand({
 *   command: 'reap', describe: 'Delete expired entries now', builder: (y) => y,
 *   run: async (_args, oocd) => { say(String(await oocd.reap())); return 0; },
 * });
 * ```
 */
export function defineOocdCommand<A>(def: OocdCommandDefinition<A>): Registrar {
  return defineCommand({
    command: def.command,
    describe: def.describe,
    builder: (y) => withBackendOptions(def.builder(y)),
    run: (args) => withBackend(args as BackendArgs, (oocd) => def.run(args, oocd)),
  });
}
