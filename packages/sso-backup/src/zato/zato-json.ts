/**
 * JSON text as Zato writes it (`zato.common.json_internal.dumps`, i.e. ujson 5 with its defaults):
 * compact separators, every non-ASCII character as a `\uXXXX` escape, and `/` escaped as `\/`.
 * Outside strings JSON has neither, so escaping the whole output is safe.
 *
 * @example
 * ```ts
 * zatoJson({ a: 'ü/' });   // '{"a":"\\u00fc\\/"}'
 * zatoJson(null);          // 'null' (what an unset JSON column holds)
 * ```
 */
export function zatoJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(/[\u0080-\uffff/]/g, (c) => (c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
