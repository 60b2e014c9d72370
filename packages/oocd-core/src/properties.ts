/**
 * Parses Java `.properties` text (the format of nevisAuth configuration): `#`/`!` comments,
 * `key=value`, `key: value` or `key value`, backslash line continuations and escapes
 * (`\t \n \r \f \uXXXX`). Lines may keep the `-D` prefix of JVM options, so an operator can
 * paste `-Dch.nevis.esauth.OutOfContextDataService.dir=/x` as is.
 *
 * @returns the keys in file order; a later duplicate wins.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] as string).replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithOddBackslashes(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + (lines[++i] as string).replace(/^[ \t\f]+/, '');
    }
    if (line.startsWith('-D')) line = line.slice(2);
    const { key, rest } = splitKey(line);
    out.set(unescapeProperty(key), unescapeProperty(rest));
  }
  return out;
}

function endsWithOddBackslashes(line: string): boolean {
  let n = 0;
  for (let j = line.length - 1; j >= 0 && line[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

function splitKey(line: string): { key: string; rest: string } {
  let j = 0;
  while (j < line.length) {
    const c = line[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    j++;
  }
  const key = line.slice(0, j);
  let rest = line.slice(j).replace(/^[ \t\f]+/, '');
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '');
  return { key, rest };
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescapeProperty(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? e;
  });
}
