import { causeChain } from './connection-errors.js';
import type { HostList } from './host-list.js';

/** Which fail-over pool saw an error kill its connection, and on which host. */
export interface QueryFailure {
  hosts: HostList;
  host: string;
}

// Keyed by the driver's error object, which Kysely and the SQL driver pass on (or wrap as a
// `cause`) unchanged: the retry wrapper finds the pool from the error alone, so no pool has to be
// threaded through the driver. Errors of single-host pools are never recorded.
const failures = new WeakMap<object, QueryFailure>();

/** Records that `error` was a connection-level failure of a fail-over pool's query. */
export function recordQueryFailure(error: unknown, failure: QueryFailure): void {
  if (typeof error === 'object' && error !== null) failures.set(error, failure);
}

/** The recorded failure behind `error` or one of its causes, if a fail-over pool saw it. */
export function findQueryFailure(error: unknown): QueryFailure | undefined {
  for (const e of causeChain(error)) {
    const f = failures.get(e);
    if (f) return f;
  }
  return undefined;
}
