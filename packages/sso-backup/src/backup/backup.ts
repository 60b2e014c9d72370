import { BundleWriter } from './bundle/bundle-writer.js';
import { ByteBuilder } from './bundle/byte-builder.js';
import { ByteSink } from './bundle/byte-sink.js';
import { newEncryption } from './bundle/crypto.js';
import { FORMAT_VERSION, FRAME_TARGET_BYTES, FrameType } from './bundle/format.js';
import { readCatalog } from './catalog/catalog.js';
import { quoteMysql } from './catalog/mysql-catalog.js';
import { quoteIdent } from './catalog/sqlite-catalog.js';
import { openConn } from './conn/open-conn.js';
import { dumpWriterFor } from './dump/dump-writer-for.js';
import { readSsoKey } from './key/sso-key-source.js';
import { type Manifest, toolVersion } from './manifest.js';
import { readRows } from './read/read-rows.js';
import type { Engine, Progress, TableSummary } from './types.js';
import { TableChecksum } from './values/canonical.js';
import { appendPortableLines } from './values/portable-lines.js';

/** Options of {@link backup}. */
export interface BackupOptions {
  /** Encrypt the bundle with this passphrase (scrypt + AES-256-GCM). */
  passphrase?: string;
  /** `bundle` (default) or `sql`: only the native SQL dump, e.g. for `sqlite3 zato.db < dump.sql`. */
  format?: 'bundle' | 'sql';
  /** The database URL, instead of the server's config/repo/server.conf. */
  url?: string;
  onProgress?: (p: Progress) => void;
}

/** What {@link backup} wrote. */
export interface BackupSummary {
  file: string;
  format: 'bundle' | 'sql';
  engine: Engine;
  tables: TableSummary[];
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
  const conn = await openConn({ serverDir, url: opts.url }, { readonly: true });
  const sink = new ByteSink(out);
  try {
    const enc = format === 'bundle' && opts.passphrase ? await newEncryption(opts.passphrase) : undefined;
    const bundle = format === 'bundle' ? new BundleWriter(sink, enc?.header ?? null, enc?.keys) : undefined;
    const createdAt = new Date().toISOString();
    const tables: TableSummary[] = [];
    const sql = new ByteBuilder();
    const flushSql = async (force: boolean) => {
      if (sql.length === 0 || (!force && sql.length < FRAME_TARGET_BYTES)) return;
      if (bundle) await bundle.frame(FrameType.sql, sql.take());
      else await sink.write(sql.take());
    };
    const lines = new ByteBuilder();
    // Frames whose rows are all canonical are written as C, so a restore's check pass hashes them as they are.
    let linesCanonical = true;
    const flushLines = async (force: boolean) => {
      if (!bundle) lines.reset();
      else if (lines.length > 0 && (force || lines.length >= FRAME_TARGET_BYTES)) {
        await bundle.frame(linesCanonical ? FrameType.canonicalRows : FrameType.rows, lines.take());
        linesCanonical = true;
      }
    };
    await conn.transaction(
      async (tx) => {
        progress({ phase: 'schema', rows: 0 });
        const schema = await readCatalog(tx);
        const dump = dumpWriterFor(schema.engine);
        if (bundle) {
          await bundle.start();
          await bundle.frame(
            FrameType.info,
            JSON.stringify({ formatVersion: FORMAT_VERSION, toolVersion: toolVersion(), sourceEngine: schema.engine, createdAt }),
          );
          await bundle.frame(FrameType.schema, JSON.stringify(schema));
          await bundle.frame(FrameType.key, JSON.stringify({ sso_key1: key?.key, from: key?.from }));
        }
        sql.append(dump.prologue(schema));
        const q = schema.engine === 'mysql' ? quoteMysql : quoteIdent;
        for (const table of schema.tables) {
          const total = Number(((await tx.query(`SELECT COUNT(*) AS n FROM ${q(table.name)}`))[0] as { n: unknown }).n);
          progress({ phase: 'rows', table: table.name, rows: 0, totalRows: total });
          if (bundle) await bundle.frame(FrameType.table, JSON.stringify({ name: table.name }));
          const kinds = table.columns.map((c) => c.kind);
          const sum = new TableChecksum(kinds);
          sql.append(dump.tableStart(table));
          for await (const batch of readRows(tx, table)) {
            dump.rows(table, batch, sql);
            if (!appendPortableLines(lines, batch, kinds, sum)) linesCanonical = false;
            await flushLines(false);
            await flushSql(false);
            progress({ phase: 'rows', table: table.name, rows: sum.rows, totalRows: total });
          }
          await flushLines(true);
          sql.append(dump.tableEnd(table));
          tables.push({ name: table.name, rows: sum.rows, sha256: sum.digest() });
        }
        sql.append(dump.epilogue(schema));
        await flushSql(true);
        if (bundle) {
          const manifest: Manifest = {
            formatVersion: FORMAT_VERSION,
            toolVersion: toolVersion(),
            sourceEngine: schema.engine,
            createdAt,
            tables,
            keyFrom: key?.from,
            encrypted: enc !== undefined,
          };
          await bundle.frame(FrameType.manifest, JSON.stringify(manifest));
          await bundle.end();
        }
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
