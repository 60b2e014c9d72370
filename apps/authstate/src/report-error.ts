import { isAuthstateError } from '@authstate/oocd-core';
import { UsageError } from './exit-codes.js';

/**
 * Prints a failure to stderr: one line (the {@link AuthstateError} message, or the usage mistake
 * with a hint), or with `debug` the stack and every cause.
 */
export function reportError(error: unknown, debug: boolean, write: (s: string) => void = (s) => process.stderr.write(s)): void {
  if (error instanceof UsageError) {
    write(`authstate: ${error.message}\nRun with --help for usage.\n`);
    return;
  }
  const line = isAuthstateError(error)
    ? error.message
    : `[authstate] unexpected error: ${error instanceof Error ? error.message : String(error)} (run with --debug for details)`;
  write(`${line.split('\n')[0]}\n`);
  if (!debug) return;
  let e: unknown = error;
  for (let depth = 0; e !== undefined && depth < 8; depth++) {
    write(`${depth === 0 ? '' : 'caused by: '}${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    e = e instanceof Error ? e.cause : undefined;
  }
}
