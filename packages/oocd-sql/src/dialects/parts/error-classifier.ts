/**
 * What a dialect's SQL errors mean to the driver. (Connection-level errors — a host gone — are
 * the fail-over pool's to classify: `src/failover/*-connection-errors.ts`.)
 */
export interface ErrorClassifier {
  /** The error says the table does not exist. */
  isMissingTable(e: unknown): boolean;
  /** The error says the user lacks a privilege. */
  isPermissionDenied(e: unknown): boolean;
  /**
   * Deadlock or serialization failure: the server rolled the statement back as a whole and it may
   * simply run again (the driver's deadlock retry, `src/retry/deadlock-retry.ts`).
   */
  isDeadlock(e: unknown): boolean;
}
