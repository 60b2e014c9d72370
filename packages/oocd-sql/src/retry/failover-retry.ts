import { errorFactory } from '@authstate/oocd-core';
import { describeReason } from '../failover/events.js';
import type { HostList } from '../failover/host-list.js';

const fail = errorFactory('oocd-sql');

/** The driver operations. */
export type Operation = 'get' | 'set' | 'create' | 'take' | 'remove' | 'list' | 'children' | 'reap';

/**
 * Which driver operations may be repeated on the next host after their host died mid-way.
 * - reads (`get`, `list`, `children`): always safe;
 * - `set` (an upsert of the whole row) and `remove`/`reap` (deletes): repeating leaves the same
 *   state; only the count `remove`/`reap` return can be lower than what the lost first attempt did;
 * - `create` and `take`: never — the first attempt may have created/removed the row, and a
 *   repetition would report ALREADY_EXISTS for our own write or miss the taken entry.
 */
export const IDEMPOTENT_OPERATIONS: Readonly<Record<Operation, boolean>> = {
  get: true,
  list: true,
  children: true,
  set: true,
  remove: true,
  reap: true,
  create: false,
  take: false,
};

/** One operation as the fail-over retry sees it. */
export interface FailoverOperation {
  /** Name for messages and logs, e.g. `get`, `create`. */
  name: string;
  /** Safe to run twice (see {@link IDEMPOTENT_OPERATIONS}). */
  idempotent: boolean;
}

/**
 * What the retry asks the fail-over pool — the owner of error classification: whether an error
 * was a connection-level failure of one of its connections (it has then marked that host down),
 * and where to count and report retries.
 */
export interface FailoverOwner {
  readonly hosts: HostList;
  /** The `host:port` whose connection `error` (or one of its causes) killed, if this pool saw it. */
  failureOf(error: unknown): string | undefined;
}

const UNKNOWN_HINT: Record<string, string> = {
  create:
    'It may have been created before the connection dropped. Check with get(key): if it holds your value, the create happened; ' +
    'if the key is absent, create it again.',
  take: 'The entry may have been removed and its value lost to this caller. Check with get(key): if the entry is still there, take it again.',
};

/**
 * Retry policy 2 of 2, **fail-over retry-once**: runs `fn` (one whole driver operation). When it
 * fails because `pool` saw the host die under it (the pool has marked that host down), an
 * idempotent operation runs once more — it then gets a connection on the next host — and a
 * non-idempotent one gets a `BACKEND` error saying the outcome is unknown and what to check.
 * Everything else passes through unchanged: SQL errors, "no host reachable" (nothing was sent).
 * (Policy 1, the deadlock retry of single statements, runs inside `fn`: `deadlock-retry.ts`.)
 *
 * @example
 * ```ts
 * const entry = await runWithFailover(pool.failover, { name: 'get', idempotent: true }, () => selectEntry(key));
 * ```
 */
export async function runWithFailover<T>(pool: FailoverOwner, op: FailoverOperation, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const host = pool.failureOf(error);
    if (host === undefined) throw error;
    const { hosts } = pool;
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
