import { BundleWriter } from './bundle/bundle-writer.js';
import { ByteBuilder } from './bundle/byte-builder.js';
import type { ByteSink } from './bundle/byte-sink.js';
import type { BundleKeys } from './bundle/crypto.js';
import type { BundleHeader } from './bundle/format.js';
import { FORMAT_VERSION, FRAME_TARGET_BYTES, FrameType } from './bundle/format.js';
import type { SqlDumpWriter } from './dump/sql-dump-writer.js';
import type { Manifest } from './manifest.js';
import type { SchemaInfo, TableInfo, TableSummary } from './types.js';
import type { TableChecksum } from './values/canonical.js';
import type { RowBatch } from './values/portable.js';
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
  /** Before the first table. */
  start(schema: SchemaInfo, dump: SqlDumpWriter): Promise<void>;
  /** Before the rows of `table`. */
  tableStart(table: TableInfo): Promise<void>;
  /** One batch of `table`'s rows, added to `sum`. */
  rows(table: TableInfo, batch: RowBatch, sum: TableChecksum): Promise<void>;
  /** After the rows of `table`. */
  tableEnd(table: TableInfo): Promise<void>;
  /** After the last table. */
  end(schema: SchemaInfo, tables: TableSummary[]): Promise<void>;
}

/**
 * Hands the bytes of `b` to `write` and empties `b`. A full chunk (≥ {@link FRAME_TARGET_BYTES}, far
 * above the 256 KiB below which `ByteSink`'s `AtomicFile` gathers writes) is lent without a copy and
 * the buffer is reused, because such a write returns only once the bytes are in the file (an
 * encrypted frame copies them through the cipher first). A smaller chunk may still be held by the
 * sink when `write` returns, so it is handed over for good. This keeps the output at two
 * buffers instead of a fresh 2 MiB one per frame waiting for the garbage collector.
 */
async function lendBytes(b: ByteBuilder, write: (bytes: Buffer) => Promise<void>): Promise<void> {
  if (b.length < FRAME_TARGET_BYTES) return write(b.take());
  await write(b.view());
  b.reset();
}

/** The native SQL dump alone (`--format sql`), written in large chunks. */
export class SqlOutput implements BackupOutput {
  protected readonly sql = new ByteBuilder();
  #lines = new ByteBuilder(256 * 1024);
  protected dump!: SqlDumpWriter;
  readonly #sink: ByteSink;

  constructor(sink: ByteSink) {
    this.#sink = sink;
  }

  async start(schema: SchemaInfo, dump: SqlDumpWriter): Promise<void> {
    this.dump = dump;
    this.sql.append(dump.prologue(schema));
  }

  async tableStart(table: TableInfo): Promise<void> {
    this.sql.append(this.dump.tableStart(table));
  }

  async rows(table: TableInfo, batch: RowBatch, sum: TableChecksum): Promise<void> {
    this.dump.rows(table, batch, this.sql);
    // The checksum (printed by the CLI) needs the canonical lines; they are hashed and forgotten.
    appendPortableLines(
      this.#lines,
      batch,
      table.columns.map((c) => c.kind),
      sum,
    );
    this.#lines.reset();
    await this.flushSql(false);
  }

  async tableEnd(table: TableInfo): Promise<void> {
    this.sql.append(this.dump.tableEnd(table));
  }

  async end(schema: SchemaInfo, _tables: TableSummary[]): Promise<void> {
    this.sql.append(this.dump.epilogue(schema));
    await this.flushSql(true);
  }

  /** Writes the SQL held once it reaches a frame's size (or always, when `force`). */
  protected async flushSql(force: boolean): Promise<void> {
    if (this.sql.length === 0 || (!force && this.sql.length < FRAME_TARGET_BYTES)) return;
    await lendBytes(this.sql, (b) => this.writeSql(b));
  }

  /** Writes a chunk of SQL text. */
  protected async writeSql(bytes: Buffer): Promise<void> {
    await this.#sink.write(bytes);
  }
}

/**
 * A bundle: info, schema and key frames, then per table a T frame, its portable rows (C frames when
 * every row is canonical, else R) and the native SQL (S frames), then the manifest and the end frame.
 */
export class BundleOutput extends SqlOutput {
  readonly #bundle: BundleWriter;
  readonly #meta: BundleMeta;
  readonly #encrypted: boolean;
  readonly #lines = new ByteBuilder();
  // Frames whose rows are all canonical are written as C, so a restore's check pass hashes them as they are.
  #linesCanonical = true;

  constructor(sink: ByteSink, meta: BundleMeta, header: BundleHeader['encryption'], keys?: BundleKeys) {
    super(sink);
    this.#bundle = new BundleWriter(sink, header, keys);
    this.#meta = meta;
    this.#encrypted = keys !== undefined;
  }

  override async start(schema: SchemaInfo, dump: SqlDumpWriter): Promise<void> {
    await this.#bundle.start();
    const { toolVersion, createdAt, key } = this.#meta;
    await this.#bundle.frame(
      FrameType.info,
      JSON.stringify({ formatVersion: FORMAT_VERSION, toolVersion, sourceEngine: schema.engine, createdAt }),
    );
    await this.#bundle.frame(FrameType.schema, JSON.stringify(schema));
    await this.#bundle.frame(FrameType.key, JSON.stringify({ sso_key1: key?.key, from: key?.from }));
    await super.start(schema, dump);
  }

  override async tableStart(table: TableInfo): Promise<void> {
    await this.#bundle.frame(FrameType.table, JSON.stringify({ name: table.name }));
    await super.tableStart(table);
  }

  override async rows(table: TableInfo, batch: RowBatch, sum: TableChecksum): Promise<void> {
    this.dump.rows(table, batch, this.sql);
    if (
      !appendPortableLines(
        this.#lines,
        batch,
        table.columns.map((c) => c.kind),
        sum,
      )
    )
      this.#linesCanonical = false;
    await this.#flushLines(false);
    await this.flushSql(false);
  }

  override async tableEnd(table: TableInfo): Promise<void> {
    await this.#flushLines(true);
    await super.tableEnd(table);
  }

  override async end(schema: SchemaInfo, tables: TableSummary[]): Promise<void> {
    await super.end(schema, tables);
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

  protected override async writeSql(bytes: Buffer): Promise<void> {
    await this.#bundle.frame(FrameType.sql, bytes);
  }

  async #flushLines(force: boolean): Promise<void> {
    if (this.#lines.length === 0 || (!force && this.#lines.length < FRAME_TARGET_BYTES)) return;
    const type = this.#linesCanonical ? FrameType.canonicalRows : FrameType.rows;
    await lendBytes(this.#lines, (b) => this.#bundle.frame(type, b));
    this.#linesCanonical = true;
  }
}
