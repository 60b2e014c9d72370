// Java-properties escaping for the header of an entry file; the core's parseProperties reads it back.

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\f': '\\f' };

function escapeControls(s: string): string {
  return s.replace(CONTROL, (c) => NAMED[c] ?? `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}

/** Escapes a property name: backslash, separators (`=`, `:`, space), comment starts and controls. */
export function escapePropertyKey(key: string): string {
  return escapeControls(key.replace(/[\\=: #!]/g, (c) => `\\${c}`));
}

/** Escapes a property value: backslash, controls and leading blanks (which the parser would drop). */
export function escapePropertyValue(value: string): string {
  const escaped = escapeControls(value.replace(/\\/g, '\\\\'));
  return escaped.startsWith(' ') ? `\\${escaped}` : escaped;
}
