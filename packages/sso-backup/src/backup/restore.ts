import { isAuthstateError } from '@authstate/oocd-core';
import { checkBundle, feedRows } from './bundle/bundle-contents.js';
import { isBundleFile } from './bundle/bundle-reader.js';
import { readCatalog } from './catalog/catalog.js';
import type { Conn } from './conn/conn.js';
import { openConn } from './conn/open-conn.js';
import { fail } from './errors.js';
import { checkKeyEnvName, checkKeyPlacement, type KeyPlacement, keyInstructions, placeKey } from './key/place-key.js';
import { RowsLoadError } from './load/loader.js';
import { loaderFor } from './load/loader-for.js';
import { loadSqliteScript } from './load/sqlite-script-loader.js';
import { tableSummaries } from './table-summaries.js';
import { translateSchema } from './translate/translate-schema.js';
import type { Engine, Progress, TableSummary } from './types.js';
import { toTarget } from './values/to-target.js';

/** Options of {@link restore}. */
export interface RestoreOptions {
  /** The bundle's passphrase, when it is encrypted. */
  passphrase?: string;
  /** Replace a different `sso_key1` already in the target's secrets.conf. */
  force?: boolean;
  /** `write` (default): put the key into secrets.conf as sso_key1; `print`: return it instead. */
  keyAction?: 'write' | 'print';
  /** With `print`: the environment variable the instructions name (must not start with ZATO). */
  keyEnvName?: string;
  /** The target database URL, instead of the server's config/repo/server.conf. */
  url?: string;
  onProgress?: (p: Progress) => void;
}

/** What {@link restore} did. */
export interface RestoreSummary {
  tables: TableSummary[];
  keyAction: 'write' | 'print' | 'none';
  /** The SSO key, only with `keyAction: 'print'`. */
  key?: string;
  /** `written` or `unchanged` (the same key was there) with `keyAction: 'write'`. */
  keyPlacement?: KeyPlacement;
  /** With `print`: how to give the key to the server (without the key itself). */
  instructions?: string;
  crossEngine: boolean;
  sourceEngine?: Engine;
  targetEngine: Engine;
}

/**
 * Restores a bundle (or, for a SQLite target, a plain `.sql` dump) into a Zato server's database
 * in one atomic step — any failure leaves the target exactly as it was — and puts the SSO key into
 * its secrets.conf as `sso_key1` (or returns it, `keyAction: 'print'`). A bundle is checked
 * completely (authentication, checksums) before the target is touched. Across engines the portable
 * rows are loaded with types mapped (booleans, Zato dates, Fernet blobs/text).
 *
 * @example
 * ```ts
 * const r = await restore('sso.bundle', '/home/zato/sso2/server', { passphrase });
 * // r.keyPlacement === 'written'; r.tables lists rows and checksums per table
 * ```
 */
export async function restore(file: string, serverDir: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const progress = opts.onProgress ?? (() => {});
  if (opts.keyEnvName !== undefined) checkKeyEnvName(opts.keyEnvName);
  if (!(await isBundleFile(file))) return restorePlainSql(file, serverDir, opts);
  const checked = await checkBundle(file, {
    passphrase: opts.passphrase,
    onRows: (table, rows) => progress({ phase: 'check', table, rows }),
  });
  const key = checked.key?.sso_key1;
  const keyAction = key === undefined ? 'none' : (opts.keyAction ?? 'write');
  if (keyAction === 'write' && key) await checkKeyPlacement(serverDir, key, { force: opts.force });
  const conn = await openConn({ serverDir, url: opts.url });
  let targetEngine: Engine;
  try {
    targetEngine = conn.engine;
    const crossEngine = conn.engine !== checked.schema.engine;
    const target = crossEngine ? translateSchema(checked.schema, conn.engine) : checked.schema;
    const byName = new Map(target.tables.map((t) => [t.name, t]));
    let step = 'creating the SSO tables';
    try {
      await loaderFor(conn.engine)(conn, target, toTarget(conn.engine, crossEngine), async (insert) => {
        let done = 0;
        await feedRows(
          file,
          checked.schema,
          async (t, batch) => {
            step = `loading the rows of ${t.name}`;
            await insert(byName.get(t.name) ?? t, batch);
            done += batch.length;
            progress({ phase: 'load', table: t.name, rows: done });
          },
          { passphrase: opts.passphrase },
        );
        step = 'creating indexes, constraints and sequences';
      });
    } catch (e) {
      if (isAuthstateError(e, 'CORRUPT') || isAuthstateError(e, 'WRONG_KEY')) throw e;
      const where = e instanceof RowsLoadError ? `loading the rows of ${e.table}` : step;
      throw fail(
        'BACKEND',
        `Restore into the ${conn.engine} database failed while ${where}: ${(e as Error).message}. The target was left unchanged.`,
        e,
      );
    }
    progress({ phase: 'key', rows: 0 });
    const summary: RestoreSummary = {
      tables: checked.manifest.tables,
      keyAction,
      crossEngine,
      sourceEngine: checked.schema.engine,
      targetEngine,
    };
    if (keyAction === 'write' && key) summary.keyPlacement = await placeKey(serverDir, key, { force: opts.force });
    if (keyAction === 'print' && key) {
      summary.key = key;
      summary.instructions = keyInstructions(serverDir, opts.keyEnvName);
    }
    progress({ phase: 'done', rows: checked.manifest.tables.reduce((a, t) => a + t.rows, 0) });
    return summary;
  } finally {
    await conn.close();
  }
}

async function restorePlainSql(file: string, serverDir: string, opts: RestoreOptions): Promise<RestoreSummary> {
  const conn: Conn = await openConn({ serverDir, url: opts.url });
  try {
    await loadSqliteScript(conn, file, (n) => opts.onProgress?.({ phase: 'load', rows: n }));
    const tables = await tableSummaries(conn, await readCatalog(conn));
    return { tables, keyAction: 'none', crossEngine: false, targetEngine: conn.engine };
  } finally {
    await conn.close();
  }
}
