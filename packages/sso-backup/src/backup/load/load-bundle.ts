import { isAuthstateError } from '@authstate/oocd-core';
import { type CheckedBundle, feedRows } from '../bundle/bundle-contents.js';
import type { ReadFramesOptions } from '../bundle/bundle-reader.js';
import type { Conn } from '../conn/conn.js';
import { fail } from '../errors.js';
import { translateSchema } from '../translate/translate-schema.js';
import type { Progress, SchemaInfo, TableInfo } from '../types.js';
import type { PortableValue } from '../values/portable.js';
import { toTarget } from '../values/to-target.js';
import { RowsLoadError } from './loader.js';
import { loaderFor } from './loader-for.js';

/** Errors that are answers, not load failures: a damaged bundle, a wrong passphrase, a refusal of a hook. */
const PASS_THROUGH = ['CORRUPT', 'WRONG_KEY', 'NOT_FOUND', 'ALREADY_EXISTS'] as const;

/** Changes a batch of a table's rows (in the backup's column order) before it is inserted; returns the rows to insert. */
export type RowHook = (table: TableInfo, batch: PortableValue[][]) => PortableValue[][];

/** Options of {@link loadBundle}. */
export interface LoadBundleOptions {
  passphrase?: string;
  /** Keys derived by the check pass (see `ReadFramesOptions.keyCache`). */
  keyCache?: ReadFramesOptions['keyCache'];
  /** Runs on every batch before it is inserted (rekey, linked-auth filter). */
  hook?: RowHook;
  /** Changes the schema as it will be created in the target (after any cross-engine translation). */
  adjustSchema?: (schema: SchemaInfo) => SchemaInfo;
  /** Runs after the last row, still inside the load's transaction: throwing rolls everything back. */
  beforeCommit?: () => void;
  onProgress?: (p: Progress) => void;
}

/**
 * The load pass of a restore: streams the bundle's rows (second read) through `hook` into the
 * target engine's atomic loader, with the schema translated across engines (and into PostgreSQL
 * or MariaDB from the same engine too: no DDL text of a bundle is run there, see {@link translateSchema}). Any failure leaves
 * the target as it was: refusals raised by `hook` / `beforeCommit` (AuthstateErrors) pass
 * through as they are; database failures become BACKEND errors naming the step and table.
 */
export async function loadBundle(conn: Conn, file: string, checked: CheckedBundle, opts: LoadBundleOptions = {}): Promise<void> {
  const crossEngine = conn.engine !== checked.schema.engine;
  // A bundle's DDL text runs only on SQLite, checked by the SQLite script policy when the schema
  // frame was read; PostgreSQL and MariaDB tables are always written from the schema's description.
  const translated = crossEngine || conn.engine !== 'sqlite' ? translateSchema(checked.schema, conn.engine) : checked.schema;
  const target = opts.adjustSchema ? opts.adjustSchema(translated) : translated;
  const byName = new Map(target.tables.map((t) => [t.name, t]));
  let step = 'creating the SSO tables';
  try {
    await loaderFor(conn.engine)(conn, target, toTarget(conn.engine, crossEngine), async (insert) => {
      let done = 0;
      let current = '';
      let reported = -1;
      // Batches are small on SQLite: progress at a table's first batch, every 2000 rows, and its last.
      const report = (all: boolean) => {
        if (current === '' || done === reported || (!all && reported >= 0 && done - reported < 2000)) return;
        reported = done;
        opts.onProgress?.({ phase: 'load', table: current, rows: done });
      };
      await feedRows(
        file,
        checked.schema,
        async (t, batch) => {
          if (t.name !== current) {
            report(true);
            [current, done, reported] = [t.name, 0, -1];
          }
          step = `loading the rows of ${t.name}`;
          const rows = opts.hook ? opts.hook(t, batch) : batch;
          if (rows.length > 0) await insert(byName.get(t.name) ?? t, rows);
          done += batch.length;
          report(false);
        },
        // SQLite inserts 64 rows a statement: small batches keep the young generation small
        // (measured at 1,000,000 rows: peak RSS 130 MiB with 500-row batches, 111 MiB with 64).
        { passphrase: opts.passphrase, keyCache: opts.keyCache, batchRows: conn.engine === 'sqlite' ? 64 : undefined },
      );
      report(true);
      opts.beforeCommit?.();
      step = 'creating indexes, constraints and sequences';
    });
  } catch (e) {
    if (PASS_THROUGH.some((code) => isAuthstateError(e, code))) throw e;
    const where = e instanceof RowsLoadError ? `loading the rows of ${e.table}` : step;
    throw fail(
      'BACKEND',
      `Restore into the ${conn.engine} database failed while ${where}: ${(e as Error).message}. The target was left unchanged.`,
      e,
    );
  }
}
