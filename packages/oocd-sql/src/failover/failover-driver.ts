import type { OocdDriver } from '@authstate/oocd-core';
import { runWithFailover } from './run-with-failover.js';

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
 * idempotency of {@link IDEMPOTENT_OPERATIONS}. Other members (`name`, `close`, getters) are the
 * driver's own. With a single-host pool nothing changes (its errors are never retried).
 *
 * @example
 * ```ts
 * const driver = withFailoverRetry(await SqlOocdDriver.open(config));
 * ```
 */
export function withFailoverRetry<D extends OocdDriver>(driver: D): D {
  const overrides = new Map<string | symbol, unknown>();
  for (const name of Object.keys(IDEMPOTENT_OPERATIONS) as Operation[]) {
    const fn = driver[name] as (...args: unknown[]) => Promise<unknown>;
    const op = { name, idempotent: IDEMPOTENT_OPERATIONS[name] };
    overrides.set(name, (...args: unknown[]) => runWithFailover(op, () => fn.apply(driver, args)));
  }
  return new Proxy(driver, {
    get: (target, prop) => {
      if (overrides.has(prop)) return overrides.get(prop);
      // The driver itself as receiver: its getters and methods may use private fields.
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
