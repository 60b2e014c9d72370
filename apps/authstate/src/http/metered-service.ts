import { isAuthstateError, type OutOfContextDataService } from '@authstate/oocd-core';
import type { Metrics } from './metrics.js';

type Op = Exclude<keyof OutOfContextDataService, 'close'>;
const OPS: readonly Op[] = ['get', 'set', 'create', 'take', 'remove', 'list', 'children', 'reap'];

/**
 * Wraps a service so that every operation is counted and timed in `metrics` (errors by code),
 * and reaped entries are added to the reaped counter.
 */
export function meteredService(inner: OutOfContextDataService, metrics: Metrics): OutOfContextDataService {
  const wrapped = { close: () => inner.close() } as OutOfContextDataService;
  for (const op of OPS) {
    const fn = inner[op] as (...a: unknown[]) => Promise<unknown>;
    (wrapped as unknown as Record<Op, unknown>)[op] = async (...a: unknown[]) => {
      const start = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
      try {
        const result = await fn.apply(inner, a);
        const took = seconds();
        metrics.observe(op, took);
        if (op === 'reap') metrics.reaped(result as number, took);
        return result;
      } catch (e) {
        metrics.observe(op, seconds(), isAuthstateError(e) ? e.code : 'UNEXPECTED');
        throw e;
      }
    };
  }
  return wrapped;
}
