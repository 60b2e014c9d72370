import { type AuthstateErrorCode, isAuthstateError } from '@authstate/oocd-core';

/**
 * The exit codes of `authstate`, the one contract scripts rely on.
 *
 * @example
 * ```sh
 * authstate oocd get /a/b || [ $? -eq 3 ] && echo absent
 * ```
 */
export const EXIT = {
  /** Success. */
  OK: 0,
  /** Any failure: one line on stderr says what and what to do. */
  ERROR: 1,
  /** The command line was wrong (unknown command or option, invalid key, duration or value). */
  USAGE: 2,
  /** What was asked for does not exist, or what was to be created exists already. */
  NOT_FOUND: 3,
} as const;

/** One of the {@link EXIT} values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

// The one place where error codes become exit codes.
const BY_CODE: Partial<Record<AuthstateErrorCode, ExitCode>> = {
  INVALID_KEY: EXIT.USAGE,
  INVALID_ARGUMENT: EXIT.USAGE,
  NOT_FOUND: EXIT.NOT_FOUND,
  ALREADY_EXISTS: EXIT.NOT_FOUND,
};

/** The exit code for a thrown value: by {@link AuthstateError} code, else {@link EXIT.ERROR}. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.USAGE;
  return isAuthstateError(error) ? (BY_CODE[error.code] ?? EXIT.ERROR) : EXIT.ERROR;
}

/** A command-line mistake found by the CLI itself (yargs validation, contradictory options). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
