/**
 * The INI lines of a file, read and edited by the same rules, so what is read and what is changed
 * can never disagree: a section is a `[name]` line (spaces around allowed), a key a `name = value`
 * line whose name does not start with `;`, `#` or a space; lines are the file split at `\n`, so a
 * line of a CRLF file ends with its `\r` and every line keeps its own ending. The UTF-8 BOM is not
 * part of the lines (see `IniFile`).
 */

const SECTION = /^\s*\[([^\]]*)\]\s*$/;
const KEY = /^\s*([^=;#\s][^=]*?)\s*=/;

/** Index range `[start, end)` of the body of each `[section]` with this name, in file order. */
function sectionBodies(lines: readonly string[], section: string): [number, number][] {
  const bodies: [number, number][] = [];
  let current: [number, number] | undefined;
  lines.forEach((line, i) => {
    const m = SECTION.exec(line);
    if (!m) return;
    if (current) current[1] = i;
    current = m[1]?.trim() === section ? [i + 1, lines.length] : undefined;
    if (current) bodies.push(current);
  });
  return bodies;
}

/** The key name of a line, if it is a `key = value` line. */
function keyOf(line: string): string | undefined {
  return KEY.exec(line)?.[1];
}

/** The line index of the last `key = …` line in the section (a later line wins, as in every INI reader). */
function findKey(lines: readonly string[], bodies: [number, number][], key: string): number | undefined {
  let found: number | undefined;
  for (const [start, end] of bodies) {
    for (let i = start; i < end; i++) if (keyOf(lines[i] ?? '') === key) found = i;
  }
  return found;
}

/**
 * The value of a `key = value` line: the text after the first `=`, trimmed; a value in matching
 * quotes (`"…"`, `'…'`) loses them, otherwise an inline comment from the first `;` or `#` is cut
 * off (as the `ini` package reads values; Zato's values — keys, Fernet tokens, `$NAME` — hold none).
 */
function lineValue(line: string): string {
  const v = line.slice(line.indexOf('=') + 1).trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) return v.slice(1, -1);
  const comment = v.search(/[;#]/);
  return (comment < 0 ? v : v.slice(0, comment)).trim();
}

/** The value of `[section] key`, or undefined when the file has no such line. */
export function getValue(lines: readonly string[], section: string, key: string): string | undefined {
  const at = findKey(lines, sectionBodies(lines, section), key);
  return at === undefined ? undefined : lineValue(lines[at] ?? '');
}

/** The key names of every `[section]` with this name, in file order, each once. */
export function keysOf(lines: readonly string[], section: string): string[] {
  const keys = new Set<string>();
  for (const [start, end] of sectionBodies(lines, section)) {
    for (let i = start; i < end; i++) {
      const k = keyOf(lines[i] ?? '');
      if (k !== undefined) keys.add(k);
    }
  }
  return [...keys];
}

/**
 * Returns `lines` with `[section] key` set to `value`: the one line replaced in place (its spacing
 * and line ending kept), or a line added at the end of the section, or the section appended.
 * New lines end in `\r` when `crlf` (the file's line ending). Every other line stays as it was.
 */
export function setLine(lines: readonly string[], section: string, key: string, value: string, crlf = false): string[] {
  const out = [...lines];
  const cr = crlf ? '\r' : '';
  const bodies = sectionBodies(out, section);
  const at = findKey(out, bodies, key);
  if (at !== undefined) {
    const line = out[at] ?? '';
    const eq = line.indexOf('=');
    const spacing = /^[ \t]*/.exec(line.slice(eq + 1))?.[0] ?? '';
    out[at] = `${line.slice(0, eq + 1)}${spacing}${value}${line.endsWith('\r') ? '\r' : ''}`;
    return out;
  }
  const last = bodies.at(-1);
  if (last) {
    // after the last non-blank line of the section, so trailing blank lines stay between sections
    let insertAt = last[1];
    while (insertAt > last[0] && (out[insertAt - 1] ?? '').trim() === '') insertAt--;
    out.splice(insertAt, 0, `${key}=${value}${cr}`);
    return out;
  }
  // a new section at the end, after one blank line; the file keeps (or, when empty, gets) its final newline
  const hadFinalNewline = out.at(-1) === '';
  if (hadFinalNewline) out.pop();
  const endWithNewline = hadFinalNewline || out.length === 0;
  const lastLine = out.at(-1);
  if (lastLine !== undefined && crlf && !lastLine.endsWith('\r')) out[out.length - 1] = `${lastLine}\r`;
  if (lastLine !== undefined && lastLine.trim() !== '') out.push(cr);
  out.push(`[${section}]${cr}`, `${key}=${value}${endWithNewline ? cr : ''}`);
  if (endWithNewline) out.push('');
  return out;
}
