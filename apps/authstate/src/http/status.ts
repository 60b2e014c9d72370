import type { AuthstateErrorCode } from '@authstate/oocd-core';

// The one place where error codes become HTTP statuses.
const BY_CODE: Partial<Record<AuthstateErrorCode, number>> = {
  INVALID_KEY: 400,
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  DISABLED: 503,
  CLOSED: 503,
};

/** The HTTP status for an {@link AuthstateError} code (500 for backend and unexpected failures). */
export function httpStatusFor(code: AuthstateErrorCode): number {
  return BY_CODE[code] ?? 500;
}
