/**
 * A date as Zato stores DATETIME on SQLite: `YYYY-MM-DD HH:MM:SS.ffffff`, naive UTC, a space
 * between date and time, six fraction digits (JS has milliseconds, so the last three are `000`
 * unless `micros` is given). Zato compares these as text: keep the format exact.
 *
 * @example
 * ```ts
 * formatZatoDate(new Date('2020-05-29T09:03:11.459Z')); // '2020-05-29 09:03:11.459000'
 * ```
 */
export function formatZatoDate(d: Date, micros?: number): string {
  const iso = d.toISOString(); // 2020-05-29T09:03:11.459Z
  const fraction = micros === undefined ? `${iso.slice(20, 23)}000` : String(micros).padStart(6, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}

/** The same instant in the ISO form `zato sso login` prints (`2020-05-29T09:03:11.459337`). */
export function formatZatoIsoDate(d: Date, micros?: number): string {
  return formatZatoDate(d, micros).replace(' ', 'T');
}

/**
 * The instant as Python's `datetime.isoformat()` gives it for a naive UTC datetime: like
 * {@link formatZatoIsoDate}, but without the fraction when it is zero (Python omits it).
 */
export function formatPythonIsoDate(d: Date, micros?: number): string {
  const iso = formatZatoIsoDate(d, micros);
  return iso.endsWith('.000000') ? iso.slice(0, -7) : iso;
}
