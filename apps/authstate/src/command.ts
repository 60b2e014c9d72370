import type { ArgumentsCamelCase, Argv } from 'yargs';

/** What the running CLI shares with its commands: its arguments and where the exit code goes. */
export interface CliState {
  code: number;
  /** The command line (without `node` and the script), to load only the commands it names. */
  argv: readonly string[];
}

/** A command registered on a yargs parser. */
export type Registrar = (y: Argv, state: CliState) => Argv;

/** Loads the module of a command and returns its registrar (a dynamic `import()`). */
export type RegistrarLoader = () => Promise<Registrar>;

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
 * A command group (`oocd`, `sso`, `oocd nodes`): a name and its subcommands by name; a subcommand
 * is required. `path` is the group's words after `authstate` (for messages), by default `command`.
 *
 * Subcommand modules load only when the group runs, and then only those whose name is a word of
 * the command line (see {@link loadNamed}): `authstate oocd get K` never loads the HTTP server of
 * `serve` or the SQL tools of `nodes`. Help of the group itself, or a mistyped subcommand, loads
 * them all, so yargs can list them and suggest the nearest.
 *
 * @example
 * ```ts
 * export const ssoCommands = defineGroup('sso', 'Zato SSO', { backup: () => import('./backup.js').then((m) => m.backupCommand) });
 * ```
 */
export function defineGroup(command: string, describe: string, children: Record<string, RegistrarLoader>, path = command): Registrar {
  return (y, state) =>
    y.command(
      command,
      describe,
      async (g) => {
        for (const child of await loadNamed(children, state.argv)) child(g, state);
        return g.demandCommand(1, `Name a subcommand; see authstate ${path} --help.`);
      },
      () => {},
    );
}

/**
 * Loads the registrars of `commands` whose name is a word of `argv`, or all of them when none is
 * (then the command line asks for a list, help or a suggestion). A word that only happens to match
 * (an option value) merely loads one module more.
 */
export async function loadNamed(commands: Record<string, RegistrarLoader>, argv: readonly string[]): Promise<Registrar[]> {
  const named = Object.keys(commands).filter((name) => argv.includes(name));
  const chosen = named.length > 0 ? named : Object.keys(commands);
  return Promise.all(chosen.map((name) => (commands[name] as RegistrarLoader)()));
}
