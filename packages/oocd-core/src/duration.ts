import { errorFactory } from './errors.js';
import { checkTtl } from './expiry.js';

const fail = errorFactory('oocd-core');

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration like `30s`, `5m`, `1h`, `2d` (or `250ms`) into milliseconds: digits and one
 * unit, nothing else. Zero, negative (`-5m`) and durations reaching past the latest expiry
 * (`99999999999d`) are refused. `what` names the input in messages (e.g. `--ttl`).
 *
 * @example
 * ```ts
 * parseDuration('5m'); // 300000
 * ```
 * @throws AuthstateError `INVALID_ARGUMENT` saying what was wrong.
 */
export function parseDuration(text: string, what = 'duration'): number {
  const shown = `${what} ${JSON.stringify(String(text).slice(0, 40))}`;
  const trimmed = String(text).trim();
  if (trimmed.startsWith('-')) throw fail('INVALID_ARGUMENT', `${shown} is negative; a time to live must be positive, e.g. 5m.`);
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(trimmed);
  if (!m) throw fail('INVALID_ARGUMENT', `${shown} is not a duration; use a whole number and a unit: 250ms, 30s, 5m, 1h, 2d.`);
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  if (ms === 0) throw fail('INVALID_ARGUMENT', `${shown} is zero; a time to live must be positive, e.g. 5m.`);
  try {
    return checkTtl(ms);
  } catch (e) {
    throw fail('INVALID_ARGUMENT', `${shown} is too long: it would expire after year 9999; choose a shorter one.`, e);
  }
}
