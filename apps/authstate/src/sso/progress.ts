import type { Progress } from '@authstate/sso-backup';
import { progress } from '../output.js';

/** The label of each phase a restore reports: its two passes over the bundle are told apart. */
const PHASE_LABELS: Record<string, (table?: string) => string> = {
  check: (t) => `pass 1/2, checking the bundle: ${t ?? ''}`.trimEnd(),
  load: (t) => `pass 2/2, loading into the target: ${t ?? ''}`.trimEnd(),
  key: () => 'putting the SSO key in place',
};

/** Shown while scrypt derives the bundle key (seconds, with no rows to count). */
export const KDF_LABEL = 'deriving the key from the passphrase (scrypt, a few seconds)…';

/**
 * A progress callback for backup/restore: one stderr line per phase and table, only on a terminal.
 * A restore's check pass and load pass have their own labels; while the KDF runs, a line says so.
 */
export function ssoProgress(
  verb: string,
  stream: NodeJS.WriteStream = process.stderr,
): { onProgress: (p: Progress) => void; done(): void } {
  let current = '';
  let bar = progress(verb, stream);
  let kdfShown = false;
  const clearKdf = () => {
    if (kdfShown) stream.write('\r\u001b[K');
    kdfShown = false;
  };
  return {
    onProgress(p) {
      if (p.phase === 'kdf') {
        bar.done();
        current = KDF_LABEL;
        if (stream.isTTY) {
          stream.write(`\r${KDF_LABEL}\u001b[K`);
          kdfShown = true;
        }
        return;
      }
      const label = PHASE_LABELS[p.phase]?.(p.table) ?? (p.table ? `${verb} ${p.table}` : `${verb} (${p.phase})`);
      if (label !== current) {
        clearKdf();
        bar.done();
        bar = progress(label, stream);
        current = label;
      }
      bar.update(p.rows, p.totalRows);
    },
    done: () => {
      clearKdf();
      bar.done();
    },
  };
}
