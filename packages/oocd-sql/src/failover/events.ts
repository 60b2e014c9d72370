import type { FailoverEvent, FailoverLogger } from './types.js';

/** One human-readable line for an event (host labels and error codes only, never credentials). */
export function describeFailoverEvent(event: FailoverEvent): string {
  switch (event.type) {
    case 'host-down':
      return `database host ${event.host} marked down until ${event.until.toISOString()}: ${event.reason}`;
    case 'moved':
      return `database traffic moves from ${event.from} to ${event.to}`;
    case 'returned':
      return `database traffic returns to ${event.to} (from ${event.from})`;
    case 'retry':
      return `${event.operation} retried on the next host after ${event.host ?? 'its host'} failed: ${event.reason}`;
    case 'outcome-unknown':
      return `${event.operation} lost its connection to ${event.host ?? 'its host'} (${event.reason}); outcome unknown, not retried`;
  }
}

/** The default logger: one line per event on stderr. */
export const stderrLogger: FailoverLogger = (line) => {
  process.stderr.write(`[authstate] [oocd-sql] ${line}\n`);
};

/** A short reason from an error: its code and first line, without stack, at most 160 chars. */
export function describeReason(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? (e.message.split('\n')[0] ?? '') : String(error);
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
