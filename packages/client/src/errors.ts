import { type AuthstateError, type AuthstateErrorCode, describeCause, errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('client');

/** A failed request: the HTTP status and the server's error body (the `cause` of the client's errors). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
    this.name = 'HttpError';
  }
}

/** The `error` code of the server's `{"error","message"}` body, if the text is one. */
export function serverErrorCode(text: string): string | undefined {
  return errorBody(text).error;
}

// The server's `{"error","message"}` body, if it is one.
function errorBody(text: string): { error?: string; message?: string } {
  try {
    const b = JSON.parse(text) as unknown;
    return b !== null && typeof b === 'object' ? (b as { error?: string; message?: string }) : {};
  } catch {
    return {};
  }
}

/** The code for an error response: by status, refined by the body's code where the status allows several. */
function codeFor(status: number, serverCode: string | undefined): AuthstateErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'ALREADY_EXISTS';
  if (status === 401) return 'CONFIG';
  if (status === 400) return serverCode === 'INVALID_KEY' ? 'INVALID_KEY' : 'INVALID_ARGUMENT';
  if (status >= 400 && status < 500) return 'INVALID_ARGUMENT';
  return 'BACKEND';
}

/**
 * Turns an error response of the data service back into the {@link AuthstateError} the server
 * answered with (the inverse of its status mapping): 404 → `NOT_FOUND`, 409 → `ALREADY_EXISTS`,
 * 400 → `INVALID_KEY` or `INVALID_ARGUMENT` (from the body's code), 401 → `CONFIG` (token
 * rejected), 413 and other 4xx → `INVALID_ARGUMENT`, 5xx → `BACKEND`. The cause is an
 * {@link HttpError} with the status and body. The token is never part of the message.
 *
 * @example
 * ```ts
 * if (!res.ok) throw errorForResponse('GET', '/v1/entries/a', res.status, await res.text());
 * ```
 */
export function errorForResponse(method: string, path: string, status: number, bodyText: string): AuthstateError {
  const body = errorBody(bodyText);
  const code = codeFor(status, body.error);
  const what = `${method} ${path.split('?', 1)[0]}`;
  const server = (body.message ?? bodyText.slice(0, 200)).replace(/^(\[authstate\] \[[^\]]+\] )+/, '');
  const cause = new HttpError(status, bodyText);
  if (status === 401) {
    return fail(
      code,
      `The data service rejected the token (${what}: 401): give the token it was started with (--token-file or AUTHSTATE_TOKEN).`,
      cause,
    );
  }
  return fail(code, `${what}: the data service answered ${status}${body.error ? ` ${body.error}` : ''}: ${server}`, cause);
}

/** The error for a request that got no answer at all (refused, reset, DNS, timeout). */
export function unreachable(baseUrl: string, method: string, path: string, cause: unknown): AuthstateError {
  const detail = (cause as { cause?: unknown }).cause ?? cause;
  const why = (cause as { name?: string }).name === 'TimeoutError' ? 'no answer in time (timeoutMs)' : describeCause(detail);
  return fail(
    'BACKEND',
    `Cannot reach the data service at ${baseUrl} (${method} ${path.split('?', 1)[0]}): ${why}. Is \`authstate oocd serve\` running there?`,
    cause,
  );
}
