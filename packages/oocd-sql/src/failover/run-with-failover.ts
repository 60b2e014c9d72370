import { errorFactory } from '@authstate/oocd-core';
import { describeReason } from './events.js';
import type { HostList } from './host-list.js';
import { NoHostAvailableError } from './no-host-error.js';
import type { FailoverStats } from './types.js';

const fail = errorFactory('oocd-sql');

/** What the retry wrapper needs from a fail-over pool (`pool.failover` of the Kysely pools). */
export interface FailoverControl {
  readonly hosts: HostList;
  stats(): FailoverStats;
  isConnectionError(error: unknown): boolean;
  failedHostOf(error: unknown): string | undefined;
}

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
 * Runs `fn` (one driver operation) and, when it failed because its database host died (a
 * connection-level error; the pool has already marked that host down), runs an idempotent
 * operation once more — it then gets a connection on the next host. A non-idempotent one gets a
 * `BACKEND` error saying the outcome is unknown and what to check. Errors that happened before
 * anything was sent (no host reachable) and ordinary SQL errors pass through unchanged.
 * Without `control` (a single-host pool) `fn` just runs.
 *
 * @example
 * ```ts
 * const entry = await runWithFailover(pool.failover, { name: 'get', idempotent: true }, () => selectEntry(key));
 * ```
 */
export async function runWithFailover<T>(control: FailoverControl | undefined, op: FailoverOperation, fn: () => Promise<T>): Promise<T> {
  if (!control) return fn();
  try {
    return await fn();
  } catch (error) {
    if (error instanceof NoHostAvailableError || !control.isConnectionError(error)) throw error;
    const host = control.failedHostOf(error);
    const reason = describeReason(error);
    const counters = control.hosts.counters;
    if (!op.idempotent) {
      counters.outcomeUnknown++;
      control.hosts.emit({ type: 'outcome-unknown', operation: op.name, host, reason });
      throw fail(
        'BACKEND',
        `${op.name}: the connection to database host ${host ?? '(unknown)'} was lost while the statement ran (${reason}), ` +
          `so whether it took effect is unknown; it is not retried automatically because repeating it is not safe. ` +
          (UNKNOWN_HINT[op.name] ?? 'Check the state before trying again.'),
        error,
      );
    }
    counters.retries++;
    control.hosts.emit({ type: 'retry', operation: op.name, host, reason });
    const result = await fn();
    counters.retriesSucceeded++;
    return result;
  }
}
