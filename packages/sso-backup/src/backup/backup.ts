import { type BackupOutput, BundleOutput, SqlOutput } from './backup-output.js';
import { ByteSink } from './bundle/byte-sink.js';
import { newEncryption } from './bundle/crypto.js';
import { readCatalog } from './catalog/catalog.js';
import { quoteMysql } from './catalog/mysql-catalog.js';
import { quoteIdent } from './catalog/sqlite-catalog.js';
import { openConn } from './conn/open-conn.js';
import { copyRows } from './copy-rows.js';
import { dumpWriterFor } from './dump/dump-writer-for.js';
import { readSsoKey } from './key/sso-key-source.js';
import { toolVersion } from './manifest.js';
import type { BackupTableSummary, Engine, Progress } from './types.js';
import { TableChecksum } from './values/canonical.js';

/** Rows between two progress reports of a table. */
const PROGRESS_ROWS = 2000;

/** Options of {@link backup}. */
export interface BackupOptions {
  /** Encrypt the bundle with this passphrase (scrypt + AES-256-GCM). */
  passphrase?: string;
  /** `bundle` (default) or `sql`: only the native SQL dump, e.g. for `sqlite3 zato.db < dump.sql`. */
  format?: 'bundle' | 'sql';
  /**
   * `sql` only (a bundle always has them): also compute each table's canonical checksum, the one a
   * bundle's manifest, `verify` and a restore's summary give, so the dump can be compared with the
   * server it is loaded into. SQLite then formats every row twice (its INSERT line and its canonical
   * line): ~1.3× the time of a dump without them (BENCHMARKS.md). Default false: `sha256` absent.
   */
  checksums?: boolean;
  /** The database URL, instead of the server's config/repo/server.conf. */
  url?: string;
  onProgress?: (p: Progress) => void;
}

/** What {@link backup} wrote. */
export interface BackupSummary {
  file: string;
  format: 'bundle' | 'sql';
  engine: Engine;
  /** Per table, in load order: rows and (bundle, or sql with `checksums`) the canonical checksum. */
  tables: BackupTableSummary[];
  keyFrom?: 'sso_key1' | 'key1';
  encrypted: boolean;
  bytes: number;
}

/**
 * Backs up every `zato_sso_*` table of a Zato server (discovered from the catalog), its schema,
 * indexes, constraints and PostgreSQL sequences, and its SSO key, into one bundle file (mode 0600)
 * — or, with `format: 'sql'`, into the native SQL dump alone. Rows are streamed from a consistent
 * snapshot; memory stays flat on any table size.
 *
 * @example
 * ```ts
 * const s = await backup('/home/zato/sso1/server', 'sso.bundle', { passphrase });
 * console.log(s.tables); // [{ name: 'zato_sso_group', rows: 3, sha256: '…' }, …]
 * ```
 */
export async function backup(serverDir: string, out: string, opts: BackupOptions = {}): Promise<BackupSummary> {
  const format = opts.format ?? 'bundle';
  const progress = opts.onProgress ?? (() => {});
  const key = format === 'bundle' ? await readSsoKey(serverDir) : undefined;
  const checksums = format === 'bundle' || opts.checksums === true;
  const conn = await openConn({ serverDir, url: opts.url }, { readonly: true });
  const sink = new ByteSink(out);
  try {
    const enc = format === 'bundle' && opts.passphrase ? await newEncryption(opts.passphrase) : undefined;
    const meta = { toolVersion: toolVersion(), createdAt: new Date().toISOString(), key };
    const output: BackupOutput = format === 'bundle' ? new BundleOutput(sink, meta, enc?.header ?? null, enc?.keys) : new SqlOutput(sink);
    const tables: BackupTableSummary[] = [];
    await conn.transaction(
      async (tx) => {
        progress({ phase: 'schema', rows: 0 });
        const schema = await readCatalog(tx);
        await output.start(schema, dumpWriterFor(schema.engine));
        const q = schema.engine === 'mysql' ? quoteMysql : quoteIdent;
        for (const table of schema.tables) {
          // Counting costs a pass over the table (~0.2 s per million SQLite rows): only for a listener.
          const total = opts.onProgress
            ? Number(((await tx.query(`SELECT COUNT(*) AS n FROM ${q(table.name)}`))[0] as { n: unknown }).n)
            : undefined;
          progress({ phase: 'rows', table: table.name, rows: 0, totalRows: total });
          await output.tableStart(table);
          const sum = new TableChecksum(
            table.columns.map((c) => c.kind),
            checksums,
          );
          let reported = 0;
          for await (const _ of copyRows(tx, table, output, sum)) {
            // SQLite batches are small (see readRows): progress about every PROGRESS_ROWS rows.
            if (sum.rows - reported < PROGRESS_ROWS) continue;
            reported = sum.rows;
            progress({ phase: 'rows', table: table.name, rows: sum.rows, totalRows: total });
          }
          if (reported !== sum.rows) progress({ phase: 'rows', table: table.name, rows: sum.rows, totalRows: total });
          await output.tableEnd(table);
          tables.push({ name: table.name, rows: sum.rows, ...(checksums ? { sha256: sum.digest() } : {}) });
        }
        await output.end(schema, tables);
      },
      { snapshot: true },
    );
    await sink.commit();
    progress({ phase: 'done', rows: tables.reduce((a, t) => a + t.rows, 0) });
    return { file: out, format, engine: conn.engine, tables, keyFrom: key?.from, encrypted: enc !== undefined, bytes: sink.bytes };
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    await conn.close();
  }
}
