/**
 * Line-level INI editing: the smallest change that sets one key, so every other line (comments,
 * blank lines, spacing, order, other sections) stays byte-identical.
 */

const SECTION = /^\s*\[([^\]]*)\]\s*$/;
const KEY = /^\s*([^=;#\s][^=]*?)\s*=/;

/** Index range `[start, end)` of the body of each `[section]` with this name, in file order. */
function sectionBodies(lines: string[], section: string): [number, number][] {
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

/** The line index of the last `key = …` line in the section, if any (the one `ini` keeps). */
function findKey(lines: string[], bodies: [number, number][], key: string): number | undefined {
  let found: number | undefined;
  for (const [start, end] of bodies) {
    for (let i = start; i < end; i++) if (KEY.exec(lines[i] ?? '')?.[1] === key) found = i;
  }
  return found;
}

/** Returns `lines` with `[section] key` set to `value` (replaced in place, or appended). */
export function setLine(lines: string[], section: string, key: string, value: string): string[] {
  const out = [...lines];
  const bodies = sectionBodies(out, section);
  const at = findKey(out, bodies, key);
  if (at !== undefined) {
    const line = out[at] ?? '';
    const eq = line.indexOf('=');
    const spacing = /^\s*/.exec(line.slice(eq + 1))?.[0] ?? '';
    out[at] = `${line.slice(0, eq + 1)}${spacing}${value}`;
    return out;
  }
  const last = bodies.at(-1);
  if (last) {
    // after the last non-blank line of the section, so trailing blank lines stay between sections
    let insertAt = last[1];
    while (insertAt > last[0] && (out[insertAt - 1] ?? '').trim() === '') insertAt--;
    out.splice(insertAt, 0, `${key}=${value}`);
    return out;
  }
  // a new section at the end; keep one blank line before it and the file's final newline
  const hadFinalNewline = out.length > 0 && out.at(-1) === '';
  if (hadFinalNewline) out.pop();
  if (out.length > 0 && (out.at(-1) ?? '').trim() !== '') out.push('');
  out.push(`[${section}]`, `${key}=${value}`);
  if (hadFinalNewline || out.length === 2) out.push('');
  return out;
}
