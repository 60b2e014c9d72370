import { activeSsoKeyName, resolveSecretValue, SECRET_KEYS_SECTION, SecretsConf, type SsoKeyName, ssoKeyOf } from '@authstate/secrets-conf';
import { fail } from '../errors.js';
import { secretsConfPath } from './sso-key-source.js';

/** What a restore does with the backup's SSO key (see {@link planKey}). */
export type KeyAction = 'auto' | 'write' | 'rekey' | 'print';

/** The actions that can run: `auto` resolves to `write` or `rekey`; `none` when the backup has no key. */
export type KeyActionRun = 'write' | 'rekey' | 'print' | 'none';

/** The decided and prepared key step of a restore; nothing has been written yet. */
export interface KeyPlan {
  action: KeyActionRun;
  /** The secrets.conf entry the target's Zato will read the SSO key from after the restore. */
  targetKey?: SsoKeyName;
  /** `rekey`: the key to re-encrypt under (undefined when it is the backup's key already). */
  rekeyTo?: string;
  /** `write`: the new secrets.conf text (undefined when the same sso_key1 is there already). */
  secretsConf?: string;
  /** `write`: whether sso_key1 gets written or is there already. */
  placement?: 'written' | 'unchanged';
  /** Things the user should know (e.g. Zato 3.2 ignoring sso_key1). */
  warnings: string[];
}

const KEY_ACTIONS: readonly KeyAction[] = ['auto', 'write', 'rekey', 'print'];

/** Checks a key action given by a caller (INVALID_ARGUMENT otherwise). */
export function checkKeyAction(action: string): KeyAction {
  if (!(KEY_ACTIONS as readonly string[]).includes(action)) {
    throw fail('INVALID_ARGUMENT', `Unknown key action "${action}": use one of ${KEY_ACTIONS.join(', ')}.`);
  }
  return action as KeyAction;
}

async function readConf(serverDir: string, needed: boolean): Promise<SecretsConf | undefined> {
  try {
    return await SecretsConf.read(secretsConfPath(serverDir));
  } catch (e) {
    if (needed) throw e;
    return undefined;
  }
}

/** The secrets.conf entry a server's Zato reads its SSO key from (undefined without secrets.conf or keys). */
export async function activeKeyName(serverDir: string): Promise<SsoKeyName | undefined> {
  const conf = await readConf(serverDir, false);
  return conf ? activeSsoKeyName(conf) : undefined;
}

/**
 * Decides what happens to the backup's SSO key, before anything is changed:
 * - `auto`: a target whose secrets.conf has `sso_key1` → `write`; a key1-only target → `rekey`.
 * - `write` (the seed's way): the key becomes the target's `sso_key1`; replacing a different
 *   sso_key1 needs `force` only when the target holds SSO rows (a fresh server's key encrypts
 *   nothing yet). The new secrets.conf text is prepared here, written by the caller.
 * - `rekey`: the Fernet values are re-encrypted under the target's active key (sso_key1, else
 *   key1); secrets.conf stays as it is.
 * - `print`: nothing is written; the caller shows the key and how to pass it.
 */
export async function planKey(
  serverDir: string,
  key: string | undefined,
  opts: { action?: KeyAction; force?: boolean; occupied: boolean },
): Promise<KeyPlan> {
  const requested = opts.action ?? 'auto';
  const conf = await readConf(serverDir, key !== undefined && requested !== 'print');
  const active = conf ? activeSsoKeyName(conf) : undefined;
  if (key === undefined) return { action: 'none', targetKey: active, warnings: [] };
  const action = requested === 'auto' ? (active === 'sso_key1' ? 'write' : 'rekey') : requested;
  if (action === 'print') return { action, targetKey: active, warnings: [] };
  const target = conf as SecretsConf;
  if (action === 'rekey') {
    const { key: targetKey, from } = await ssoKeyOf(target);
    return { action, targetKey: from, rekeyTo: targetKey === key ? undefined : targetKey, warnings: [] };
  }
  const warnings =
    active === 'key1'
      ? ['The target had only key1: Zato 3.2/3.3 read only key1 and will not see sso_key1 (use the rekey key action for them).']
      : [];
  const existing = target.get(SECRET_KEYS_SECTION, 'sso_key1');
  if (existing !== undefined && existing.trim() !== '') {
    const resolved = await resolveSecretValue(existing).catch(() => undefined);
    if (resolved === key) return { action, targetKey: 'sso_key1', placement: 'unchanged', warnings };
    if (opts.occupied && !opts.force) {
      throw fail(
        'ALREADY_EXISTS',
        `${secretsConfPath(serverDir)} already has a different [secret_keys] sso_key1 and the target holds SSO data encrypted with it; restore with force to replace both. Nothing was changed.`,
      );
    }
  }
  target.set(SECRET_KEYS_SECTION, 'sso_key1', key);
  return { action, targetKey: 'sso_key1', secretsConf: target.toString(), placement: 'written', warnings };
}
