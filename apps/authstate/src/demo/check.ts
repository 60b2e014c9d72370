import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('demo');

/** Fails the demo with `VERIFY_FAILED` when a claim does not hold (the demo proves, it does not assume). */
export function check(condition: boolean, claim: string): void {
  if (!condition) throw fail('VERIFY_FAILED', `Demo check failed: ${claim}.`);
}
