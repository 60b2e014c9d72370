import type { ErrorClassifier } from '../parts/error-classifier.js';

const code = (e: unknown) => (e as { code?: unknown })?.code;

/** PostgreSQL SQLSTATEs. */
export const postgresErrors: ErrorClassifier = {
  isMissingTable: (e) => code(e) === '42P01',
  isPermissionDenied: (e) => code(e) === '42501',
  // Deadlock or serialization failure: the statement was rolled back as a whole.
  isDeadlock: (e) => code(e) === '40P01' || code(e) === '40001',
};
