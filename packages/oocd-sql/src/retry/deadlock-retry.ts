/** How often in all a statement the server rolled back (deadlock, serialization failure) is run. */
export const DEADLOCK_ATTEMPTS = 5;

/**
 * Retry policy 1 of 2, **deadlock retry**: runs `fn` (one statement) again while the server
 * reports it rolled the statement back as a whole (`isDeadlock`, the dialect's error classifier),
 * at most {@link DEADLOCK_ATTEMPTS} times in all. Safe for every operation: a rolled-back
 * statement had no effect. (Policy 2, the fail-over retry-once, is in `failover-retry.ts`.)
 *
 * @example
 * ```ts
 * await withDeadlockRetry(ops.errors.isDeadlock, () => st.set.execute(runner, args));
 * ```
 */
export async function withDeadlockRetry<T>(isDeadlock: (e: unknown) => boolean, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(e)) throw e;
    }
  }
}
