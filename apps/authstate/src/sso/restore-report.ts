import type { RestoreSummary } from '@authstate/sso-backup';

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');

/**
 * The lines of `sso restore`'s text output that say which key action ran and which key the
 * target's Zato now uses (the same facts `--json` gives as keyAction / targetKey / rekey).
 */
export function describeKeyAction(s: RestoreSummary): string[] {
  const uses = s.targetKey ? `; the target uses ${s.targetKey}` : '';
  switch (s.keyAction) {
    case 'write':
      return [
        `key action: write — the backup's SSO key ${s.keyPlacement === 'unchanged' ? 'was already' : 'is now'} [secret_keys] sso_key1 in config/repo/secrets.conf${uses}`,
      ];
    case 'rekey': {
      const done = s.rekey?.reencrypted ?? {};
      const left = s.rekey?.leftAsIs ?? {};
      const lines = [
        `key action: rekey — ${total(done)} Fernet values re-encrypted under the target's own ${s.targetKey ?? 'key'} (secrets.conf unchanged${uses})`,
      ];
      if (total(left) > 0) lines.push(`left as they were (not tokens under the backup's key): ${list(left)}`);
      return lines;
    }
    case 'print':
      return [`key action: print — no key written; the restored data needs the key printed below (secrets.conf unchanged${uses})`];
    default:
      return [`key action: none — the file held no SSO key; the target's data must be encrypted with its own key${uses}`];
  }
}
