/** Decides whether an error means "the connection or its host is gone" (dialect-specific). */
export type ConnectionErrorTest = (error: unknown) => boolean;

/** Socket-level failures of Node's `net` module, the same for every driver. */
export const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The error and its `cause` chain (drivers' errors are often wrapped, e.g. in a `BACKEND` error). */
export function* causeChain(error: unknown): Generator<object> {
  let e: unknown = error;
  for (let depth = 0; depth < 8 && typeof e === 'object' && e !== null; depth++) {
    yield e;
    e = (e as { cause?: unknown }).cause;
  }
}

/** The string `code` of an error object, if any. */
export function errorCode(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `test` holds for the error or any of its causes. */
export function anyCause(error: unknown, test: (e: object) => boolean): boolean {
  for (const e of causeChain(error)) if (test(e)) return true;
  return false;
}
