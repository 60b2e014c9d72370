import { errorFactory } from './errors.js';
import type { OutOfContextDataService } from './types.js';

const fail = errorFactory('oocd-core');

/** The service of `class=off`: every call fails with a `DISABLED` error; `close()` succeeds. */
export function createDisabledService(): OutOfContextDataService {
  const disabled = async (): Promise<never> => {
    throw fail('DISABLED', 'The out-of-context data service is disabled (class=off); configure a backend class to use it.');
  };
  return {
    get: disabled,
    set: disabled,
    create: disabled,
    take: disabled,
    remove: disabled,
    list: disabled,
    children: disabled,
    reap: disabled,
    close: async () => {},
  };
}
