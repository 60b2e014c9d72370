import { parseProperties } from '@authstate/oocd-core';

/**
 * Parses the properties header of an entry file. Headers as this package writes them (one
 * `name=value` per line, no backslash, no `\r`, no byte-order mark) take a fast path of plain
 * string slicing; anything else — escapes, other separators, continuation lines, hand edits —
 * goes to the core's full `parseProperties`, so the result is always what it would return.
 */
export function parseHeaderLines(text: string): Map<string, string> {
  if (text.includes('\\') || text.includes('\r') || text.startsWith('\uFEFF')) return parseProperties(text);
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    const eq = line.indexOf('=');
    if (eq <= 0 || !isPlainName(line, eq) || isBlank(line.charCodeAt(eq + 1))) return parseProperties(text);
    out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

/** True when `line.slice(0, end)` is a name `parseProperties` reads as is: no blank, `:` or `-D` prefix. */
function isPlainName(line: string, end: number): boolean {
  if (line.startsWith('-D')) return false;
  for (let i = 0; i < end; i++) {
    const c = line.charCodeAt(i);
    if (isBlank(c) || c === 0x3a /* : */) return false;
  }
  return true;
}

/** Space, tab or form feed: what `parseProperties` strips around separators. */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0c;
}
