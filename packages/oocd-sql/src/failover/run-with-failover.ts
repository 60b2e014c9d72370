import { errorFactory } from '@authstate/oocd-core';
import { describeReason } from './events.js';
import { findQueryFailure } from './failure-registry.js';

const fail = errorFactory('oocd-sql');

/** One operation as the retry wrapper sees it. */
export interface FailoverOperation {
  /** Name for messages and logs, e.g. `get`, `create`. */
  name: string;
  /**
   * Safe to run twice: reads, and writes whose repetition leaves the same state (upsert,
   * delete). `create` and `take` are not: their first attempt may have taken effect.
   */
  idempotent: boolean;
}

const UNKNOWN_HINT: Record<string, string> = {
  create:
    'It may have been created before the connection dropped. Check with get(key): if it holds your value, the create happened; ' +
    'if the key is absent, create it again.',
  take: 'The entry may have been removed and its value lost to this caller. Check with get(key): if the entry is still there, take it again.',
};

/**
 * Runs `fn` (one driver operation). When it fails because the host of a fail-over pool died
 * under it (the pool has recorded the error and marked that host down), an idempotent operation
 * runs once more — it then gets a connection on the next host — and a non-idempotent one gets a
 * `BACKEND` error saying the outcome is unknown and what to check. Everything else passes through
 * unchanged: SQL errors, "no host reachable" (nothing was sent), errors of single-host pools.
 *
 * @example
 * ```ts
 * const entry = await runWithFailover({ name: 'get', idempotent: true }, () => selectEntry(key));
 * ```
 */
export async function runWithFailover<T>(op: FailoverOperation, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const failure = findQueryFailure(error);
    if (!failure) throw error;
    const { hosts, host } = failure;
    const reason = describeReason(error);
    if (!op.idempotent) {
      hosts.counters.outcomeUnknown++;
      hosts.emit({ type: 'outcome-unknown', operation: op.name, host, reason });
      throw fail(
        'BACKEND',
        `${op.name}: the connection to database host ${host} was lost while the statement ran (${reason}), ` +
          `so whether it took effect is unknown; it is not retried automatically because repeating it is not safe. ` +
          (UNKNOWN_HINT[op.name] ?? 'Check the state before trying again.'),
        error,
      );
    }
    hosts.counters.retries++;
    hosts.emit({ type: 'retry', operation: op.name, host, reason });
    const result = await fn();
    hosts.counters.retriesSucceeded++;
    return result;
  }
}
