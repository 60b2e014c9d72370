import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('cli');

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration like `30s`, `5m`, `1h`, `2d` (or `250ms`) into milliseconds.
 *
 * @example
 * ```ts
 * parseDuration('5m'); // 300000
 * ```
 * @throws AuthstateError `INVALID_ARGUMENT` for anything else.
 */
export function parseDuration(text: string, option = 'duration'): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m)
    throw fail('INVALID_ARGUMENT', `--${option} ${JSON.stringify(text)} is not a duration; use a number and a unit: 30s, 5m, 1h, 2d.`);
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}

/** Parses an ISO 8601 instant; a time without zone is refused (time is UTC everywhere, say so). */
export function parseInstant(text: string, option = 'expires'): Date {
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(text.trim());
  const d = new Date(text);
  if (!hasZone || Number.isNaN(d.getTime())) {
    throw fail(
      'INVALID_ARGUMENT',
      `--${option} ${JSON.stringify(text)} is not an ISO 8601 instant with a zone, e.g. 2030-01-31T12:00:00Z.`,
    );
  }
  return d;
}
