/** Receives warnings (a file that cannot be parsed, a name this package did not write). */
export type WarnFn = (message: string) => void;

/** Default warning sink: `process.emitWarning` (shown on stderr once per message by Node). */
export const emitWarning: WarnFn = (message) => process.emitWarning(message, { code: 'AUTHSTATE_OOCD_FS' });

/** Warns once per file path, so a broken file does not flood the log on every listing. */
export class OnceWarner {
  readonly #seen = new Set<string>();
  readonly #warn: WarnFn;

  constructor(warn: WarnFn) {
    this.#warn = warn;
  }

  /** Warns about `path` unless it was already reported by this instance. */
  warn(path: string, problem: string): void {
    if (this.#seen.has(path)) return;
    this.#seen.add(path);
    this.#warn(`[authstate] [oocd-fs] Ignoring ${path}: ${problem}. Fix or delete the file; until then the entry counts as absent.`);
  }
}
