import type { ErrorClassifier } from '../parts/error-classifier.js';

/** mysql2's numeric server error. */
export const errno = (e: unknown) => (e as { errno?: unknown })?.errno;

/** MariaDB server error numbers. */
export const mysqlErrors: ErrorClassifier = {
  isMissingTable: (e) => errno(e) === 1146,
  // 1142: table access denied; 1044: database access denied.
  isPermissionDenied: (e) => errno(e) === 1142 || errno(e) === 1044,
  // 1213: deadlock; InnoDB rolled the statement back.
  isDeadlock: (e) => errno(e) === 1213,
};
