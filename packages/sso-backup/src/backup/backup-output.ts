import { BundleWriter } from './bundle/bundle-writer.js';
import { ByteBuilder } from './bundle/byte-builder.js';
import type { ByteSink } from './bundle/byte-sink.js';
import type { BundleKeys } from './bundle/crypto.js';
import type { BundleHeader } from './bundle/format.js';
import { FORMAT_VERSION, FRAME_TARGET_BYTES, FrameType } from './bundle/format.js';
import type { SqlDumpWriter } from './dump/sql-dump-writer.js';
import { fail } from './errors.js';
import type { Manifest } from './manifest.js';
import type { FormattedBlock } from './read/sqlite-blocks.js';
import { decodeFallback, FALLBACK_MARK, type LineMode } from './read/sqlite-lines.js';
import { kindsOf } from './translate/translate-schema.js';
import type { BackupTableSummary, SchemaInfo, TableInfo, TableSummary, ValueKind } from './types.js';
import type { TableChecksum } from './values/canonical.js';
import { isCanonicalRow } from './values/canonical.js';
import type { PortableValue, RowBatch } from './values/portable.js';
import { appendPortableLines } from './values/portable-lines.js';

/** What a bundle carries besides the tables: the frames written before the first table and the manifest. */
export interface BundleMeta {
  toolVersion: string;
  createdAt: string;
  key: { key: string; from: 'sso_key1' | 'key1' } | undefined;
}

/**
 * Where {@link backup} puts what it reads: a bundle (frames) or the plain native SQL dump. Both
 * compute each table's checksum from the rows they are given.
 */
export interface BackupOutput {
  /** Before the first table; `dump` writes the native SQL (unused by a bundle, which holds only rows). */
  start(schema: SchemaInfo, dump: SqlDumpWriter): Promise<void>;
  /** Before the rows of `table`. */
  tableStart(table: TableInfo): Promise<void>;
  /** One batch of `table`'s rows, added to `sum`. */
  rows(table: TableInfo, batch: RowBatch, sum: TableChecksum): Promise<void>;
  /** What SQLite formats for this output when it formats the rows itself (`readSqliteLines`). */
  readonly lineMode: LineMode;
  /** One batch of `table`'s rows as SQLite formatted them in {@link lineMode}, added to `sum`. */
  lines(table: TableInfo, lines: readonly string[], sum: TableChecksum): Promise<void>;
  /**
   * One block of `table`'s rows as SQLite formatted them (`readSqliteBlocks` in {@link lineMode},
   * or `sql-only` when `sum` does not hash: no canonical lines), all canonical, added to `sum`. The block's buffers must not be used once this resolves: the caller frees them.
   */
  block(table: TableInfo, block: FormattedBlock, sum: TableChecksum): Promise<void>;
  /** After the rows of `table`. */
  tableEnd(table: TableInfo): Promise<void>;
  /** After the last table. */
  end(schema: SchemaInfo, tables: BackupTableSummary[]): Promise<void>;
}

/** The column kinds of the table being written (batches are small: not recomputed for each). */
class KindsCache {
  #table: TableInfo | undefined;
  #kinds: ValueKind[] = [];

  of(table: TableInfo): ValueKind[] {
    if (table !== this.#table) [this.#table, this.#kinds] = [table, kindsOf(table)];
    return this.#kinds;
  }
}

/**
 * Hands the bytes of `b` to `write` and empties `b`, keeping its buffer: {@link ByteSink} and
 * {@link BundleWriter} are done with the bytes once `write` resolves (they copy them into their
 * own reused buffer or write them out before returning), so two or three buffers serve a whole
 * backup instead of a fresh one per frame waiting for the garbage collector.
 */
async function drain(b: ByteBuilder, write: (bytes: Buffer) => Promise<void>): Promise<void> {
  if (b.length === 0) return;
  await write(b.view());
  b.reset();
}

const NEWLINE = Buffer.from('\n');

/** Rows a bundle adds between checks of its frame's size. */
const SLICE_ROWS = 64;

/** Lines in `bytes[from, end)` plus the last one's newline (rows of a cut block). */
function countLines(bytes: Buffer, from: number, end: number): number {
  let n = 1;
  for (let i = bytes.indexOf(10, from); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** The native SQL dump alone (`--format sql`), written in large chunks. */
export class SqlOutput implements BackupOutput {
  readonly #sql = new ByteBuilder();
  readonly #lines = new ByteBuilder(256 * 1024);
  #dump!: SqlDumpWriter;
  readonly #kinds = new KindsCache();
  readonly #sink: ByteSink;

  /** Whether the tables' checksums are computed follows the `TableChecksum`s given (`hashing`). */
  constructor(sink: ByteSink) {
    this.#sink = sink;
  }

  async start(schema: SchemaInfo, dump: SqlDumpWriter): Promise<void> {
    this.#dump = dump;
    this.#sql.append(dump.prologue(schema));
  }

  async tableStart(table: TableInfo): Promise<void> {
    this.#sql.append(this.#dump.tableStart(table));
  }

  async rows(table: TableInfo, batch: RowBatch, sum: TableChecksum): Promise<void> {
    this.#dump.rows(table, batch, this.#sql);
    // The checksum (printed by the CLI) needs the canonical lines; they are hashed and forgotten.
    if (sum.hashing) appendPortableLines(this.#lines, batch, this.#kinds.of(table), sum);
    else sum.count(batch.length);
    this.#lines.reset();
    if (this.#sql.length >= FRAME_TARGET_BYTES) await drain(this.#sql, (b) => this.#sink.write(b));
  }

  readonly lineMode = 'sql';

  async lines(table: TableInfo, lines: readonly string[], sum: TableChecksum): Promise<void> {
    const canon = this.#lines;
    let hashed = 0;
    for (const line of lines) {
      if (line.charCodeAt(0) === FALLBACK_MARK) {
        // Hash the canonical lines before this row, then the row by its values.
        sum.addBytes(canon.view(), hashed);
        canon.reset();
        hashed = 0;
        const row = decodeFallback(line, this.#kinds.of(table));
        this.#dump.rows(table, [row], this.#sql);
        sum.add(row);
        continue;
      }
      const nl = line.lastIndexOf('\n');
      const json = line.slice(nl + 1);
      // quote() stops at a NUL character: such a row's SQL is written from its (canonical) values.
      if (json.includes('\\u0000')) this.#dump.rows(table, [JSON.parse(json) as PortableValue[]], this.#sql);
      else this.#sql.append(line.slice(0, nl + 1));
      canon.appendThen(json, 10);
      hashed++;
    }
    sum.addBytes(canon.view(), hashed);
    canon.reset();
    if (this.#sql.length >= FRAME_TARGET_BYTES) await drain(this.#sql, (b) => this.#sink.write(b));
  }

  async block(_table: TableInfo, block: FormattedBlock, sum: TableChecksum): Promise<void> {
    if (block.canonical) {
      sum.addBytes(block.canonical, 0);
      sum.addBytes(NEWLINE, block.rows);
    } else sum.count(block.rows);
    if (!block.sql) return;
    // Straight to the sink (which stages it), after what was gathered before it: one copy, not two.
    await drain(this.#sql, (b) => this.#sink.write(b));
    await this.#sink.write(block.sql);
  }

  async tableEnd(table: TableInfo): Promise<void> {
    this.#sql.append(this.#dump.tableEnd(table));
  }

  async end(schema: SchemaInfo, _tables: BackupTableSummary[]): Promise<void> {
    this.#sql.append(this.#dump.epilogue(schema));
    await drain(this.#sql, (b) => this.#sink.write(b));
  }
}

/**
 * A bundle (format 3): info, schema and key frames, then per table a T frame and its portable rows
 * (C frames when every row is canonical, else R) — the only copy of the rows; the native SQL is
 * produced from them when wanted (`sqlOfBundle`) — then the manifest and the end frame.
 */
export class BundleOutput implements BackupOutput {
  readonly #bundle: BundleWriter;
  readonly #meta: BundleMeta;
  readonly #encrypted: boolean;
  readonly #kinds = new KindsCache();
  readonly #lines = new ByteBuilder();
  // Frames whose rows are all canonical are written as C, so a restore's check pass hashes them as they are.
  #linesCanonical = true;

  constructor(sink: ByteSink, meta: BundleMeta, header: BundleHeader['encryption'], keys?: BundleKeys) {
    this.#bundle = new BundleWriter(sink, header, keys);
    this.#meta = meta;
    this.#encrypted = keys !== undefined;
  }

  async start(schema: SchemaInfo): Promise<void> {
    await this.#bundle.start();
    const { toolVersion, createdAt, key } = this.#meta;
    await this.#bundle.frame(
      FrameType.info,
      JSON.stringify({ formatVersion: FORMAT_VERSION, toolVersion, sourceEngine: schema.engine, createdAt }),
    );
    await this.#bundle.frame(FrameType.schema, JSON.stringify(schema));
    await this.#bundle.frame(FrameType.key, JSON.stringify({ sso_key1: key?.key, from: key?.from }));
  }

  async tableStart(table: TableInfo): Promise<void> {
    await this.#bundle.frame(FrameType.table, JSON.stringify({ name: table.name }));
  }

  async rows(table: TableInfo, batch: RowBatch, sum: TableChecksum): Promise<void> {
    const kinds = this.#kinds.of(table);
    // A batch (up to 5,000 rows from a server) goes in by slices, so a frame closes near its target
    // even when rows are large (2,000 rows of 8 KiB would overrun a frame's 16 MiB limit).
    for (let i = 0; i < batch.length; i += SLICE_ROWS) {
      const slice = batch.length <= SLICE_ROWS ? batch : batch.slice(i, i + SLICE_ROWS);
      if (!appendPortableLines(this.#lines, slice, kinds, sum)) this.#linesCanonical = false;
      if (this.#lines.length >= FRAME_TARGET_BYTES) await this.#flushLines();
    }
  }

  readonly lineMode = 'rows';

  async lines(table: TableInfo, lines: readonly string[], sum: TableChecksum): Promise<void> {
    const out = this.#lines;
    let from = out.length;
    let hashed = 0;
    for (const line of lines) {
      if (line.charCodeAt(0) !== FALLBACK_MARK) {
        out.appendThen(line, 10);
        hashed++;
        continue;
      }
      const kinds = this.#kinds.of(table);
      const row = decodeFallback(line, kinds);
      if (isCanonicalRow(row, kinds)) {
        out.appendThen(JSON.stringify(row), 10);
        hashed++;
        continue;
      }
      // Hash the canonical lines before this row, then the row by its canonical line.
      sum.addBytes(out.view(from), hashed);
      out.appendThen(JSON.stringify(row), 10);
      sum.add(row);
      this.#linesCanonical = false;
      from = out.length;
      hashed = 0;
    }
    sum.addBytes(out.view(from), hashed);
    if (out.length >= FRAME_TARGET_BYTES) await this.#flushLines();
  }

  async block(_table: TableInfo, block: FormattedBlock, sum: TableChecksum): Promise<void> {
    // The lines are canonical: they go into C frames as they are, hashed as written, whole lines
    // per frame (a block of huge rows is cut at its newlines, so no frame grows far past its target).
    if (!this.#linesCanonical) await this.#flushLines();
    const bytes = block.canonical;
    if (!bytes) throw fail('CONFIG', 'Internal: a block without canonical lines went to a bundle. Report this as a bug.');
    for (let from = 0; from <= bytes.length; ) {
      const nl = bytes.length - from > FRAME_TARGET_BYTES ? bytes.indexOf(10, from + FRAME_TARGET_BYTES) : -1;
      const end = nl < 0 ? bytes.length : nl;
      const start = this.#lines.length;
      this.#lines.appendBytes(bytes.subarray(from, end));
      this.#lines.appendByte(10);
      sum.addBytes(this.#lines.view(start), end === bytes.length && from === 0 ? block.rows : countLines(bytes, from, end));
      from = end + 1;
      if (this.#lines.length >= FRAME_TARGET_BYTES) await this.#flushLines();
    }
  }

  async tableEnd(): Promise<void> {
    await this.#flushLines();
  }

  async end(schema: SchemaInfo, summaries: BackupTableSummary[]): Promise<void> {
    const tables = summaries.filter((t): t is TableSummary => t.sha256 !== undefined);
    if (tables.length !== summaries.length) throw fail('CONFIG', 'Internal: a bundle table without a checksum. Report this as a bug.');
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      toolVersion: this.#meta.toolVersion,
      sourceEngine: schema.engine,
      createdAt: this.#meta.createdAt,
      tables,
      keyFrom: this.#meta.key?.from,
      encrypted: this.#encrypted,
    };
    await this.#bundle.frame(FrameType.manifest, JSON.stringify(manifest));
    await this.#bundle.end();
  }

  async #flushLines(): Promise<void> {
    const type = this.#linesCanonical ? FrameType.canonicalRows : FrameType.rows;
    await drain(this.#lines, (b) => this.#bundle.frame(type, b));
    this.#linesCanonical = true;
  }
}
