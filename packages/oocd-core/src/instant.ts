import { errorFactory } from './errors.js';

const fail = errorFactory('oocd-core');

// RFC 3339 / ISO 8601 extended: date, time with optional seconds and fraction, and a zone.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Parses an ISO 8601 / RFC 3339 instant with a zone (`2030-01-31T12:00:00Z`,
 * `2030-01-31T13:00:00.250+01:00`). Strict: a date that does not exist (`2030-02-31`, hour 24,
 * second 60) is refused instead of rolling over, and a time without a zone is refused (time is
 * UTC everywhere, so say so). Fractions beyond milliseconds are dropped. `what` names the input in
 * messages (e.g. `--expires`).
 *
 * @example
 * ```ts
 * parseInstant('2030-01-31T12:00:00Z').toISOString(); // '2030-01-31T12:00:00.000Z'
 * ```
 * @throws AuthstateError `INVALID_ARGUMENT`
 */
export function parseInstant(text: string, what = 'instant'): Date {
  const shown = `${what} ${JSON.stringify(String(text).slice(0, 60))}`;
  const m = INSTANT.exec(String(text).trim());
  if (!m) throw fail('INVALID_ARGUMENT', `${shown} is not an ISO 8601 instant with a zone, e.g. 2030-01-31T12:00:00Z.`);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetMin = m[9] === undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const daysInMonth = month >= 1 && month <= 12 ? lastDayOfMonth(year, month) : 0;
  if (day < 1 || day > daysInMonth) throw fail('INVALID_ARGUMENT', `${shown} names a day that does not exist.`);
  if (hour > 23 || minute > 59 || second > 59) throw fail('INVALID_ARGUMENT', `${shown} has a time of day that does not exist.`);
  if (m[9] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) {
    throw fail('INVALID_ARGUMENT', `${shown} has a zone offset that does not exist.`);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  return new Date(utc.getTime() - offsetMin * 60_000);
}

// setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
function lastDayOfMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}
