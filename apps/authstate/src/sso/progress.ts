import type { Progress } from '@authstate/sso-backup';
import { progress } from '../output.js';

/** A progress callback for backup/restore: one stderr line per table, only on a terminal. */
export function ssoProgress(verb: string): { onProgress: (p: Progress) => void; done(): void } {
  let current = '';
  let bar = progress(verb);
  return {
    onProgress(p) {
      const label = p.table ? `${verb} ${p.table}` : `${verb} (${p.phase})`;
      if (label !== current) {
        bar.done();
        bar = progress(label);
        current = label;
      }
      bar.update(p.rows, p.totalRows);
    },
    done: () => bar.done(),
  };
}
