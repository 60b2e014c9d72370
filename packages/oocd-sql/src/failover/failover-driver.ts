import type { OocdDriver } from '@authstate/oocd-core';
import { type FailoverControl, runWithFailover } from './run-with-failover.js';

type Operation = 'get' | 'set' | 'create' | 'take' | 'remove' | 'list' | 'children' | 'reap';

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

/**
 * Wraps an OOCD driver so that each operation goes through {@link runWithFailover} with the
 * idempotency of {@link IDEMPOTENT_OPERATIONS}. Other members (`name`, `close`, …) pass through.
 *
 * @example
 * ```ts
 * const driver = withFailoverRetry(new SqlDriver(db), pool.failover);
 * ```
 */
export function withFailoverRetry<D extends OocdDriver>(driver: D, control: FailoverControl | undefined): D {
  if (!control) return driver;
  const wrap =
    <A extends unknown[], T>(name: Operation, fn: (...args: A) => Promise<T>) =>
    (...args: A) =>
      runWithFailover(control, { name, idempotent: IDEMPOTENT_OPERATIONS[name] }, () => fn.apply(driver, args));
  const overrides: Partial<OocdDriver> = {};
  for (const name of Object.keys(IDEMPOTENT_OPERATIONS) as Operation[]) {
    (overrides as Record<string, unknown>)[name] = wrap(name, driver[name] as (...args: unknown[]) => Promise<unknown>);
  }
  return new Proxy(driver, {
    get: (target, prop, receiver) =>
      typeof prop === 'string' && prop in overrides ? overrides[prop as Operation] : Reflect.get(target, prop, receiver),
  });
}
