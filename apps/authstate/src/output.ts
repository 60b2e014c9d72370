import type { OocdEntry } from '@authstate/oocd-core';

/** An entry as JSON: `{"key","value","expiresAt" (ISO 8601 UTC),"metadata"}`; the CLI and the HTTP API share it. */
export interface EntryJson {
  key: string;
  value: string;
  expiresAt: string;
  metadata: Record<string, string>;
}

/** Converts an entry for JSON output. */
export function entryToJson(e: OocdEntry): EntryJson {
  return { key: e.key, value: e.value, expiresAt: e.expiresAt.toISOString(), metadata: { ...e.metadata } };
}

/** Writes one line to stdout. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Writes a value as one line of JSON to stdout. */
export function sayJson(value: unknown): void {
  say(JSON.stringify(value));
}

/** Writes one line to stderr (notes and warnings, never data). */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A progress line on stderr, shown only when stderr is a terminal. */
export interface Progress {
  update(done: number, total?: number): void;
  done(): void;
}

/**
 * Returns a progress reporter that redraws one stderr line at most every 100 ms when stderr is a
 * TTY, and does nothing otherwise (scripts and logs stay quiet).
 */
export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  const draw = (done: number, total?: number) => {
    const pct = total ? ` ${Math.floor((done / total) * 100)}%` : '';
    stream.write(`\r${label}: ${done}${total ? `/${total}` : ''}${pct}\u001b[K`);
    shown = true;
  };
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      draw(done, total);
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
