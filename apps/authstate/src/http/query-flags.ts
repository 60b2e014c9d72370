import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('http');

/** The accepted spellings of a boolean query parameter (exactly these, lower case). */
export const BOOLEAN_SPELLINGS: Readonly<Record<string, boolean>> = { true: true, '1': true, false: false, '0': false };

/**
 * The one parser of query strings of the data service: the boolean flags a route takes, from the
 * raw request URL. A flag is `name=true`/`name=1` or a bare `name` (true), `name=false`/`name=0`
 * (false), or absent (false). Anything else is refused with `INVALID_ARGUMENT` (HTTP 400), so a
 * mistyped flag can never silently mean "false" — for `ifAbsent` that would silently turn replay
 * detection into an overwrite: other spellings (`True`, `yes`, `name=`), a repeated parameter,
 * and a parameter the route does not take (`ifabsent`, `recursive` on a PUT).
 *
 * @example
 * ```ts
 * queryFlags('/v1/entries/a?ifAbsent=1', ['ifAbsent']); // { ifAbsent: true }
 * queryFlags('/v1/entries/a?ifAbsent=True', ['ifAbsent']); // throws INVALID_ARGUMENT
 * ```
 */
export function queryFlags<N extends string>(rawUrl: string, names: readonly N[]): Record<N, boolean> {
  const flags = Object.fromEntries(names.map((n) => [n, false])) as Record<N, boolean>;
  const q = rawUrl.indexOf('?');
  if (q < 0) return flags;
  const seen = new Set<string>();
  const allowed = names.length === 0 ? 'this route takes no query parameters' : `this route takes ${names.join(', ')}`;
  for (const part of rawUrl.slice(q + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? undefined : decode(part.slice(eq + 1));
    if (!(names as readonly string[]).includes(name)) {
      throw fail('INVALID_ARGUMENT', `Unknown query parameter ${JSON.stringify(name.slice(0, 40))}: ${allowed}.`);
    }
    if (seen.has(name)) throw fail('INVALID_ARGUMENT', `Query parameter ${name} is given more than once; give it once.`);
    seen.add(name);
    // hasOwn: `constructor` or `toString` must not find Object.prototype's members.
    const parsed = value === undefined ? true : Object.hasOwn(BOOLEAN_SPELLINGS, value) ? BOOLEAN_SPELLINGS[value] : undefined;
    if (parsed === undefined) {
      throw fail(
        'INVALID_ARGUMENT',
        `Query parameter ${name}=${JSON.stringify(value?.slice(0, 40))} is not a boolean; use ${name}=true or ${name}=false (also 1 or 0, or a bare ${name} for true).`,
      );
    }
    flags[name as N] = parsed;
  }
  return flags;
}

// One query component, decoded as forms encode it ("+" is a space).
function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw fail('INVALID_ARGUMENT', `Query component ${JSON.stringify(text.slice(0, 40))} is not valid percent-encoding.`);
  }
}
