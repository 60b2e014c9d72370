import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The upper bound of {@link waitFor} unless a test gives its own: long enough that only a broken
 * program reaches it, never a slow machine (CI runs on shared machines that are slow at times).
 */
export const WAIT_LIMIT_MS = 180_000;

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** Give up after this many milliseconds (an upper bound for a broken program). Default {@link WAIT_LIMIT_MS}. */
  timeoutMs?: number;
  /** Pause between two checks. Default 50 ms. */
  intervalMs?: number;
}

/**
 * Polls `check` until it returns a truthy value and returns that value. A throwing check counts
 * as "not yet" (its last error is quoted if the bound is reached). Tests wait for a condition with
 * it instead of sleeping a fixed time, so a slow machine only makes them take longer.
 *
 * @example
 * ```ts
 * const row = await waitFor('the reaper deleted /r', async () => (await count()) === 0);
 * ```
 */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? WAIT_LIMIT_MS;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 50);
  }
  const why = last === undefined ? '' : ` (last error: ${last instanceof Error ? last.message : String(last)})`;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
}
