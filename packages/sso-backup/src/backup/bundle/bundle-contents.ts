import { dumpWriterFor } from '../dump/dump-writer-for.js';
import type { SqlDumpWriter } from '../dump/sql-dump-writer.js';
import { fail } from '../errors.js';
import type { Manifest } from '../manifest.js';
import type { SchemaInfo, TableInfo } from '../types.js';
import { TableChecksum } from '../values/canonical.js';
import type { PortableValue } from '../values/portable.js';
import { type KeyPayload, payloads } from './bundle-payloads.js';
import { type ReadFramesOptions, readFrames } from './bundle-reader.js';
import { ByteBuilder } from './byte-builder.js';
import { type BundleHeader, FORMAT_VERSION, FrameType, LAST_VERSION_WITH_SQL } from './format.js';
import { ShapeError } from './json-shape.js';

/** A bundle's contents except its rows and SQL, all checked. */
export interface CheckedBundle {
  manifest: Manifest;
  schema: SchemaInfo;
  key?: KeyPayload;
  /**
   * True when the bundle is encrypted: AES-256-GCM under the passphrase authenticated every frame,
   * so it is exactly what was backed up. False for an unencrypted bundle: its SHA-256 trailer
   * detects damage, not tampering (anyone can rewrite the file and its trailer).
   */
  authenticated: boolean;
}

/** Reads one JSON frame with `read`, turning a shape problem into CORRUPT naming the file. */
function payload<T>(path: string, read: (b: Buffer) => T, bytes: Buffer): T {
  try {
    return read(bytes);
  } catch (e) {
    if (e instanceof ShapeError)
      throw fail('CORRUPT', `${path} is damaged or was tampered with: ${e.message}. Use another copy of the backup.`);
    throw e;
  }
}

/** The number of rows (newline-terminated lines) of a C frame. */
function countLines(payload: Buffer): number {
  let n = 0;
  for (let i = payload.indexOf(10); i >= 0; i = payload.indexOf(10, i + 1)) n++;
  return n;
}

/** The rows of one R or C frame. */
export function parseRows(payload: Buffer): PortableValue[][] {
  const out: PortableValue[][] = [];
  for (const slice of rowSlices(payload, Number.POSITIVE_INFINITY)) out.push(...slice);
  return out;
}

/** Rows handed to a restore's loader at a time by default (one MySQL multi-row INSERT). */
const FEED_ROWS = 500;

/**
 * The rows of one R or C frame, parsed `n` at a time: only the slice being loaded is decoded and
 * exists as objects (no string of the whole frame, which V8 would keep in its large-object space).
 */
export function* rowSlices(payload: Buffer, n: number): Generator<PortableValue[][]> {
  for (let from = 0; from < payload.length; ) {
    let end = from;
    for (let k = 0; k < n; k++) {
      const nl = payload.indexOf(10, end);
      if (nl < 0) break;
      end = nl + 1;
    }
    if (end === from) break; // no complete line left
    const text = payload.toString('utf8', from, end);
    const out: PortableValue[][] = [];
    for (let start = 0; start < text.length; ) {
      const nl = text.indexOf('\n', start);
      out.push(JSON.parse(text.slice(start, nl)) as PortableValue[]);
      start = nl + 1;
    }
    yield out;
    from = end;
  }
}

/**
 * Reads a whole bundle once without acting on it: authenticates every frame, checks the shape of
 * its JSON frames, recomputes each table's row count and checksum from the portable rows (C
 * frames: their bytes, which are the canonical lines) and compares them with the manifest; every
 * table section must be in the manifest, once.
 * CORRUPT / WRONG_KEY on any problem — so a restore can refuse before touching its target.
 */
export async function checkBundle(
  path: string,
  opts: { passphrase?: string; keyCache?: ReadFramesOptions['keyCache']; onRows?: (table: string, rows: number) => void } = {},
): Promise<CheckedBundle> {
  let schema: SchemaInfo | undefined;
  let manifest: Manifest | undefined;
  let key: KeyPayload | undefined;
  let authenticated = false;
  const sums = new Map<string, TableChecksum>();
  let current: TableChecksum | undefined;
  let currentName = '';
  const onHeader: ReadFramesOptions['onHeader'] = (h) => {
    authenticated = h.encryption !== null;
  };
  // FrameOrder (in readFrames) has checked that I, S, K come first, rows only inside a table section, M once and last.
  for await (const f of readFrames(path, { passphrase: opts.passphrase, keyCache: opts.keyCache, onHeader, reusePayload: true })) {
    switch (f.type) {
      case FrameType.schema:
        schema = payload(path, payloads.schema, f.payload);
        break;
      case FrameType.key:
        key = payload(path, payloads.key, f.payload);
        break;
      case FrameType.table: {
        currentName = payload(path, payloads.tableName, f.payload);
        const t = schema?.tables.find((x) => x.name === currentName);
        if (!t) throw fail('CORRUPT', `${path} has rows for ${currentName}, which its schema does not describe.`);
        if (sums.has(currentName)) throw fail('CORRUPT', `${path} has two sections of rows for ${currentName}.`);
        current = new TableChecksum(t.columns.map((c) => c.kind));
        sums.set(currentName, current);
        break;
      }
      case FrameType.canonicalRows:
        current?.addBytes(f.payload, countLines(f.payload));
        opts.onRows?.(currentName, current?.rows ?? 0);
        break;
      case FrameType.rows: {
        let rows: PortableValue[][];
        try {
          rows = parseRows(f.payload);
          for (const row of rows) current?.add(row);
        } catch (e) {
          throw fail('CORRUPT', `${path}: rows of ${currentName} are not valid rows of its columns. Use another copy of the backup.`, e);
        }
        opts.onRows?.(currentName, current?.rows ?? 0);
        break;
      }
      case FrameType.manifest:
        manifest = payload(path, payloads.manifest, f.payload);
        break;
    }
  }
  if (!schema || !manifest) throw fail('CORRUPT', `${path} lacks its schema or manifest. Use another copy of the backup.`);
  const listed = new Set<string>();
  for (const t of manifest.tables) {
    if (listed.has(t.name)) throw fail('CORRUPT', `${path}: its manifest lists ${t.name} twice. Use another copy of the backup.`);
    listed.add(t.name);
    const sum = sums.get(t.name);
    const rows = sum?.rows ?? 0;
    const sha = sum?.digest();
    if (rows !== t.rows || (sha !== undefined && sha !== t.sha256)) {
      throw fail(
        'CORRUPT',
        `${path}: the rows of ${t.name} do not match its manifest (${rows} rows read, ${t.rows} expected). Use another copy of the backup.`,
      );
    }
  }
  for (const name of sums.keys()) {
    if (!listed.has(name))
      throw fail('CORRUPT', `${path} has rows for ${name}, which its manifest does not list (so they cannot be checked).`);
  }
  return { manifest, schema, authenticated, ...(key ? { key } : {}) };
}

/**
 * Streams the portable rows of a bundle to `insert`, table by table, `opts.batchRows` rows at a
 * time (default 500) — the second pass of a restore.
 */
export async function feedRows(
  path: string,
  schema: SchemaInfo,
  insert: (table: TableInfo, batch: PortableValue[][]) => Promise<void>,
  opts: { passphrase?: string; keyCache?: ReadFramesOptions['keyCache']; batchRows?: number } = {},
): Promise<void> {
  const batchRows = opts.batchRows ?? FEED_ROWS;
  let table: TableInfo | undefined;
  for await (const f of readFrames(path, { passphrase: opts.passphrase, keyCache: opts.keyCache, reusePayload: true })) {
    if (f.type === FrameType.table) {
      const name = payload(path, payloads.tableName, f.payload);
      table = schema.tables.find((t) => t.name === name);
    } else if ((f.type === FrameType.rows || f.type === FrameType.canonicalRows) && table) {
      for (const batch of rowSlices(f.payload, batchRows)) await insert(table, batch);
    }
  }
}

/**
 * Streams the native SQL dump of a bundle, as `backup --format sql` writes it: a format 1 or 2
 * bundle's `D` frames as they are; for format 3, which holds the rows once, the dump is produced
 * from its rows by the source engine's dump writer. Read as the bundle streams: unencrypted
 * bundles are only known good at their end (run {@link checkBundle} first when it matters).
 */
export async function* sqlOfBundle(path: string, opts: { passphrase?: string } = {}): AsyncGenerator<string> {
  let version = FORMAT_VERSION;
  let schema: SchemaInfo | undefined;
  let dump: SqlDumpWriter | undefined;
  let table: TableInfo | undefined;
  const out = new ByteBuilder();
  const text = (s: string) => {
    out.append(s);
    const t = out.view().toString('utf8');
    out.reset();
    return t;
  };
  const onHeader = (h: BundleHeader) => {
    version = h.version;
  };
  for await (const f of readFrames(path, { ...opts, onHeader })) {
    if (version <= LAST_VERSION_WITH_SQL) {
      if (f.type === FrameType.sql) yield f.payload.toString('utf8');
      continue;
    }
    switch (f.type) {
      case FrameType.schema:
        schema = payload(path, payloads.schema, f.payload);
        dump = dumpWriterFor(schema.engine);
        yield text(dump.prologue(schema));
        break;
      case FrameType.table: {
        if (table) yield text(dump?.tableEnd(table) ?? '');
        const name = payload(path, payloads.tableName, f.payload);
        table = schema?.tables.find((t) => t.name === name);
        if (!table) throw fail('CORRUPT', `${path} has rows for ${name}, which its schema does not describe.`);
        yield text(dump?.tableStart(table) ?? '');
        break;
      }
      case FrameType.rows:
      case FrameType.canonicalRows:
        if (table) dump?.rows(table, parseRows(f.payload), out);
        yield text('');
        break;
      case FrameType.manifest:
        if (table) out.append(dump?.tableEnd(table) ?? '');
        if (schema) yield text(dump?.epilogue(schema) ?? '');
        break;
    }
  }
}
