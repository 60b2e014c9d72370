import { prepareFileAtomic, type SsoKeyName, validateFernetKey } from '@authstate/secrets-conf';
import { checkBundle } from './bundle/bundle-contents.js';
import { isBundleFile, readBundleHeader } from './bundle/bundle-reader.js';
import type { BundleKeys } from './bundle/crypto.js';
import { openConn } from './conn/open-conn.js';
import { fail } from './errors.js';
import {
  type DanglingLinkedAuth,
  keepLinkedAuthFk,
  LINKED_AUTH_TABLE,
  LinkedAuthFilter,
  secBaseIdsIfLinked,
} from './guards/linked-auth.js';
import { checkTargetEmpty, type OccupiedTable } from './guards/occupied-target.js';
import { checkServerStopped } from './guards/running-server.js';
import { checkKeyEnvName, keyInstructions } from './key/key-instructions.js';
import { checkKeyAction, type KeyAction, type KeyActionRun, planKey } from './key/key-plan.js';
import { secretsConfPath } from './key/sso-key-source.js';
import { loadBundle } from './load/load-bundle.js';
import { Rekeyer, type RekeyReport } from './rekey/rekeyer.js';
import { restorePlainSql } from './restore-plain-sql.js';
import type { Engine, Progress, TableSummary } from './types.js';

/** Options of {@link restore}. */
export interface RestoreOptions {
  /** The bundle's passphrase, when it is encrypted. */
  passphrase?: string;
  /**
   * Replace SSO rows the target already holds (refused otherwise, ALREADY_EXISTS), and with
   * `write` a different `sso_key1` of such a target. Never overrides the running-server check.
   */
  force?: boolean;
  /**
   * What happens to the backup's SSO key (default `auto`): `write` it as the target's `sso_key1`
   * (the seed's way); `rekey` the restored Fernet values under the target's own active key
   * (sso_key1, else key1; secrets.conf unchanged — what Zato 3.2/3.3, which read only key1,
   * need); `print` return it with instructions, writing nothing; `auto` = `write` for a target
   * whose secrets.conf has sso_key1, else `rekey`.
   */
  keyAction?: KeyAction;
  /** With `print`: the environment variable the instructions name (must not start with ZATO). */
  keyEnvName?: string;
  /** Accept a file that is not a bundle as a plain SQL dump (SQLite targets). Refused (CORRUPT) otherwise. */
  plainSql?: boolean;
  /**
   * On a target with `sec_base` and `fk_sso_linked_base_id`: leave out linked-auth rows whose
   * `auth_id` has no sec_base row (reported) instead of refusing the restore (NOT_FOUND).
   */
  skipLinkedAuth?: boolean;
  /** The target database URL, instead of the server's config/repo/server.conf. */
  url?: string;
  /** Progress: `kdf` (deriving the bundle key), `check` (first pass), `load` (second pass), `key`, `done`. */
  onProgress?: (p: Progress) => void;
}

/** What {@link restore} did. */
export interface RestoreSummary {
  tables: TableSummary[];
  /** The key action that ran (`auto` resolved); `none` when the file held no key. */
  keyAction: KeyActionRun;
  /** The secrets.conf entry the target's Zato reads the SSO key from now (`print`: as before). */
  targetKey?: SsoKeyName;
  /** The SSO key, only with `keyAction: 'print'`. */
  key?: string;
  /** `written` or `unchanged` (the same key was there) with `keyAction: 'write'`. */
  keyPlacement?: 'written' | 'unchanged';
  /** With `print`: how to give the key to the server (without the key itself). */
  instructions?: string;
  /** With `rekey`: values re-encrypted and values left as they were, per `table.column`. */
  rekey?: RekeyReport;
  /** SSO tables that held rows and were replaced (only with force). */
  replaced: OccupiedTable[];
  /** Linked-auth rows left out with `skipLinkedAuth`. */
  skippedLinkedAuth: DanglingLinkedAuth[];
  /** Things to know, e.g. a stale pidfile that was ignored. */
  warnings: string[];
  crossEngine: boolean;
  sourceEngine?: Engine;
  targetEngine: Engine;
}

/**
 * Restores a bundle into a Zato server's database in one atomic step — any failure or refusal
 * leaves the database, secrets.conf and every other file exactly as they were — and deals with
 * the SSO key as `keyAction` says. Before touching anything it refuses a running server
 * (pidfile), a target holding SSO rows (unless `force`), a damaged bundle (checked completely:
 * authentication, checksums) and, on a full Zato ODB, linked-auth rows pointing at missing
 * sec_base rows (unless `skipLinkedAuth`). A new secrets.conf is written to a temporary file
 * before the database commits; after the commit only its rename remains.
 *
 * @example
 * ```ts
 * const r = await restore('sso.bundle', '/home/zato/sso2/server', { passphrase });
 * // r.keyAction: 'rekey' (key1-only target) or 'write'; r.targetKey: 'key1' | 'sso_key1'
 * ```
 */
export async function restore(file: string, serverDir: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const progress = opts.onProgress ?? (() => {});
  if (opts.keyEnvName !== undefined) checkKeyEnvName(opts.keyEnvName);
  const action = checkKeyAction(opts.keyAction ?? 'auto');
  const warnings: string[] = [];
  const stale = await checkServerStopped(serverDir);
  if (stale) warnings.push(stale);
  if (!(await isBundleFile(file))) {
    if (!opts.plainSql) {
      throw fail(
        'CORRUPT',
        `${file} is not an authstate bundle; pass --plain-sql (plainSql: true) to restore a plain .sql dump. Nothing was changed.`,
      );
    }
    return restorePlainSql(file, serverDir, { ...opts, warnings });
  }
  const encrypted = (await readBundleHeader(file)).encryption != null;
  // scrypt runs once: the load pass reuses the keys the check pass derived
  const keyCache = new Map<string, BundleKeys>();
  const kdf = () => encrypted && keyCache.size === 0 && progress({ phase: 'kdf', rows: 0 });
  const conn = await openConn({ serverDir, url: opts.url });
  try {
    const replaced = await checkTargetEmpty(conn, `The target database of ${serverDir}`, opts.force);
    kdf();
    const checked = await checkBundle(file, {
      passphrase: opts.passphrase,
      keyCache,
      onRows: (table, rows) => progress({ phase: 'check', table, rows }),
    });
    const key = bundleKey(file, checked.key?.sso_key1);
    const plan = await planKey(serverDir, key, { action, force: opts.force, occupied: replaced.length > 0 });
    warnings.push(...plan.warnings);
    const secBase = await secBaseIdsIfLinked(conn);
    const linked = secBase ? new LinkedAuthFilter(secBase, opts.skipLinkedAuth ?? false) : undefined;
    const rekeyer = key && plan.rekeyTo ? new Rekeyer(key, plan.rekeyTo) : undefined;
    const nextConf = plan.secretsConf === undefined ? undefined : await prepareSecretsConf(serverDir, plan.secretsConf);
    try {
      kdf();
      await loadBundle(conn, file, checked, {
        passphrase: opts.passphrase,
        keyCache,
        hook: (t, batch) => {
          rekeyer?.apply(t, batch);
          return linked ? linked.apply(t, batch) : batch;
        },
        beforeCommit: () => linked?.finish(),
        adjustSchema: linked ? keepLinkedAuthFk : undefined,
        onProgress: progress,
      });
    } catch (e) {
      await nextConf?.discard();
      throw e;
    }
    progress({ phase: 'key', rows: 0 });
    if (nextConf) await commitSecretsConf(nextConf);
    const skipped = linked?.dangling ?? [];
    const summary: RestoreSummary = {
      tables: checked.manifest.tables.map((t) => (t.name === LINKED_AUTH_TABLE ? { ...t, rows: t.rows - skipped.length } : t)),
      keyAction: plan.action,
      targetKey: plan.targetKey,
      replaced,
      skippedLinkedAuth: skipped,
      warnings,
      crossEngine: conn.engine !== checked.schema.engine,
      sourceEngine: checked.schema.engine,
      targetEngine: conn.engine,
    };
    if (plan.placement) summary.keyPlacement = plan.placement;
    if (plan.action === 'rekey') summary.rekey = rekeyer?.report() ?? { reencrypted: {}, leftAsIs: {} };
    if (plan.action === 'print' && key) {
      summary.key = key;
      summary.instructions = keyInstructions(serverDir, opts.keyEnvName);
    }
    progress({ phase: 'done', rows: summary.tables.reduce((a, t) => a + t.rows, 0) });
    return summary;
  } finally {
    await conn.close();
  }
}

/** The bundle's SSO key, refused (CORRUPT) when it is not a Fernet key — before it could reach secrets.conf. */
function bundleKey(file: string, key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  try {
    return validateFernetKey(key, 'its SSO key');
  } catch (e) {
    throw fail(
      'CORRUPT',
      `${file}: its SSO key is not a Fernet key, so the bundle was damaged or forged; nothing was changed. Use another copy of the backup.`,
      e,
    );
  }
}

/** Writes the new secrets.conf to a temporary file beside it (0600, fsynced): a CONFIG error here changes nothing. */
async function prepareSecretsConf(serverDir: string, text: string) {
  const path = secretsConfPath(serverDir);
  try {
    return await prepareFileAtomic(path, text, 0o600);
  } catch (e) {
    throw fail(
      'CONFIG',
      `Cannot write the new ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was changed. Make its directory writable, or restore with --key-action print or rekey.`,
      e,
    );
  }
}

/** The rename after the database commit: the only step that can still fail, said plainly if it does. */
async function commitSecretsConf(next: Awaited<ReturnType<typeof prepareSecretsConf>>): Promise<void> {
  try {
    await next.commit();
  } catch (e) {
    throw fail(
      'BACKEND',
      `The SSO rows were restored, but renaming the prepared secrets.conf into ${next.path} failed (${(e as Error).message}): the server cannot read the restored data yet. Run the restore again with --force once the directory is writable, or set [secret_keys] sso_key1 yourself.`,
      e,
    );
  }
}
