import { readCatalog } from './catalog/catalog.js';
import { openConn } from './conn/open-conn.js';
import { checkTargetEmpty } from './guards/occupied-target.js';
import { activeKeyName } from './key/key-plan.js';
import { loadSqliteScript } from './load/sqlite-script-loader.js';
import type { RestoreOptions, RestoreSummary } from './restore.js';
import { tableSummaries } from './table-summaries.js';

/**
 * Restores a plain SQL dump (only when asked for with `plainSql`): the same occupied-target guard
 * as a bundle, then the script loader (SQLite targets, one transaction, SSO statements only).
 * A dump carries no key: the summary's key action is `none`.
 */
export async function restorePlainSql(
  file: string,
  serverDir: string,
  opts: RestoreOptions & { warnings: string[] },
): Promise<RestoreSummary> {
  const conn = await openConn({ serverDir, url: opts.url });
  try {
    const replaced = await checkTargetEmpty(conn, `The target database of ${serverDir}`, opts.force);
    await loadSqliteScript(conn, file, (n) => opts.onProgress?.({ phase: 'load', rows: n }));
    const tables = await tableSummaries(conn, await readCatalog(conn));
    return {
      tables,
      keyAction: 'none',
      targetKey: await activeKeyName(serverDir),
      replaced,
      skippedLinkedAuth: [],
      warnings: opts.warnings,
      crossEngine: false,
      targetEngine: conn.engine,
    };
  } finally {
    await conn.close();
  }
}
