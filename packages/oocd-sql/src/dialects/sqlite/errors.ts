import type { ErrorClassifier } from '../parts/error-classifier.js';

const code = (e: unknown) => (e as { code?: unknown })?.code;
// Not `instanceof Error`: errors from the native module may come from another realm (jest's vm).
const message = (e: unknown) => String((e as { message?: unknown })?.message ?? '');

/** better-sqlite3's errors. A busy database waits (`busy_timeout`) instead of deadlocking. */
export const sqliteErrors: ErrorClassifier = {
  isMissingTable: (e) => /no such table/i.test(message(e)),
  isPermissionDenied: (e) => code(e) === 'SQLITE_READONLY' || code(e) === 'SQLITE_PERM',
  isDeadlock: () => false,
};
