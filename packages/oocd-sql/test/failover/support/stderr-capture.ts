import { jest } from '@jest/globals';

/** What the default fail-over logger wrote to stderr while captured. */
export interface StderrCapture {
  /** Everything written so far, joined. */
  text(): string;
  /** Stops capturing and restores stderr. */
  restore(): void;
}

/** Captures process.stderr writes (the default fail-over log lines) until `restore()`. */
export function captureStderr(): StderrCapture {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return { text: () => lines.join(''), restore: () => spy.mockRestore() };
}
