import type { ArgumentsCamelCase, Argv } from 'yargs';

/** What the running CLI shares with its commands: where the exit code goes. */
export interface CliState {
  code: number;
}

/** A command registered on a yargs parser. */
export type Registrar = (y: Argv, state: CliState) => Argv;

/** One leaf command: its yargs definition and what it does (resolving to an exit code, 0 by default). */
export interface CommandDefinition<A> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<A>;
  run: (args: ArgumentsCamelCase<A>) => Promise<number | undefined>;
}

/**
 * Turns a command definition into a registrar; the handler's result becomes the exit code.
 *
 * @example
 * ```ts
 * export const reapCommand = defineCommand({ command: 'reap', describe: '…', builder: (y) => y, run: async () => 0 });
 * ```
 */
export function defineCommand<A>(def: CommandDefinition<A>): Registrar {
  return (y, state) =>
    y.command(def.command, def.describe, def.builder, async (args) => {
      state.code = (await def.run(args)) ?? 0;
    });
}

/**
 * A command group (`oocd`, `sso`, `oocd nodes`): a name and its subcommands; a subcommand is
 * required. `path` is the group's words after `authstate` (for messages), by default `command`.
 */
export function defineGroup(command: string, describe: string, children: Registrar[], path = command): Registrar {
  return (y, state) =>
    y.command(
      command,
      describe,
      (g) => {
        for (const child of children) child(g, state);
        return g.demandCommand(1, `Name a subcommand; see authstate ${path} --help.`);
      },
      () => {},
    );
}
