/**
 * The one error convention of authstate: every error a package throws on purpose is an
 * {@link AuthstateError} with a stable {@link AuthstateErrorCode}, the package that raised it,
 * a message that says what was wrong and what to do, and the underlying `cause` when there is one.
 *
 * @example
 * ```ts
 * try { await oocd.get('relative/key') }
 * catch (e) { if (isAuthstateError(e, 'INVALID_KEY')) console.error(e.message) }
 * ```
 */
export type AuthstateErrorCode =
  /** A key or branch breaks one of the key rules. */
  | 'INVALID_KEY'
  /** A value, expiry, metadata or other argument is not acceptable. */
  | 'INVALID_ARGUMENT'
  /** What was asked for does not exist (or has expired). */
  | 'NOT_FOUND'
  /** What was to be created exists already. */
  | 'ALREADY_EXISTS'
  /** The service is configured `off`. */
  | 'DISABLED'
  /** Configuration is missing, malformed or contradictory. */
  | 'CONFIG'
  /** The storage backend failed (I/O, database, network). */
  | 'BACKEND'
  /** The service was used after `close()`. */
  | 'CLOSED'
  /** Input data (a file, a backup bundle) is corrupt, truncated or tampered with. */
  | 'CORRUPT'
  /** A key or passphrase does not fit the data it should open. */
  | 'WRONG_KEY'
  /** A check of restored or migrated data against its source failed. */
  | 'VERIFY_FAILED';

/** Base class of every deliberate authstate error. */
export class AuthstateError extends Error {
  /** Stable machine-readable code; safe to branch on. */
  readonly code: AuthstateErrorCode;
  /** The package that raised it, e.g. `oocd-fs`. */
  readonly scope: string;

  constructor(scope: string, code: AuthstateErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[authstate] [${scope}] ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthstateError';
    this.code = code;
    this.scope = scope;
  }
}

/** The name used for OOCD errors in docs and the issue that specified them. */
export { AuthstateError as OocdError };

/** True when `e` is an {@link AuthstateError}, optionally with the given code. */
export function isAuthstateError(e: unknown, code?: AuthstateErrorCode): e is AuthstateError {
  return e instanceof AuthstateError && (code === undefined || e.code === code);
}

/**
 * Returns a function that makes errors for one package, so every message carries its scope.
 *
 * @example
 * ```ts
 * const fail = errorFactory('oocd-fs');
 * throw fail('CONFIG', 'Option `dir` must be a directory.');
 * ```
 */
export function errorFactory(scope: string) {
  return (code: AuthstateErrorCode, message: string, cause?: unknown): AuthstateError =>
    new AuthstateError(scope, code, message, { cause });
}

/** A short description of an unknown thrown value that never includes a stack. */
export function describeCause(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
