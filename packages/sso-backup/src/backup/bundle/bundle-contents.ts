import { fail } from '../errors.js';
import type { Manifest } from '../manifest.js';
import type { SchemaInfo, TableInfo } from '../types.js';
import { TableChecksum } from '../values/canonical.js';
import type { PortableValue } from '../values/portable.js';
import { readFrames } from './bundle-reader.js';
import { FrameType } from './format.js';

/** A bundle's contents except its rows and SQL, all checked. */
export interface CheckedBundle {
  manifest: Manifest;
  schema: SchemaInfo;
  key?: { sso_key1: string; from: 'sso_key1' | 'key1' };
}

function parse<T>(payload: Buffer, path: string, what: string): T {
  try {
    return JSON.parse(payload.toString('utf8')) as T;
  } catch (e) {
    throw fail('CORRUPT', `${path}: its ${what} is not valid JSON. Use another copy of the backup.`, e);
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
  const text = payload.toString('utf8');
  const out: PortableValue[][] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    out.push(JSON.parse(text.slice(start, nl)) as PortableValue[]);
    start = nl + 1;
  }
  return out;
}

/**
 * Reads a whole bundle once without acting on it: authenticates every frame, recomputes each
 * table's row count and checksum from the portable rows (C frames: their bytes, which are the
 * canonical lines) and compares them with the manifest.
 * CORRUPT / WRONG_KEY on any problem — so a restore can refuse before touching its target.
 */
export async function checkBundle(
  path: string,
  opts: { passphrase?: string; onRows?: (table: string, rows: number) => void } = {},
): Promise<CheckedBundle> {
  let schema: SchemaInfo | undefined;
  let manifest: Manifest | undefined;
  let key: CheckedBundle['key'];
  const sums = new Map<string, TableChecksum>();
  let current: TableChecksum | undefined;
  let currentName = '';
  for await (const f of readFrames(path, opts)) {
    switch (f.type) {
      case FrameType.schema:
        schema = parse<SchemaInfo>(f.payload, path, 'schema');
        break;
      case FrameType.key:
        key = parse<CheckedBundle['key']>(f.payload, path, 'key');
        break;
      case FrameType.table: {
        currentName = parse<{ name: string }>(f.payload, path, 'table header').name;
        const t = schema?.tables.find((x) => x.name === currentName);
        if (!t) throw fail('CORRUPT', `${path} has rows for ${currentName}, which its schema does not describe.`);
        current = new TableChecksum(t.columns.map((c) => c.kind));
        sums.set(currentName, current);
        break;
      }
      case FrameType.canonicalRows:
        if (!current) throw fail('CORRUPT', `${path} has rows outside a table section.`);
        current.addBytes(f.payload, countLines(f.payload));
        opts.onRows?.(currentName, current.rows);
        break;
      case FrameType.rows: {
        if (!current) throw fail('CORRUPT', `${path} has rows outside a table section.`);
        let rows: PortableValue[][];
        try {
          rows = parseRows(f.payload);
        } catch (e) {
          throw fail('CORRUPT', `${path}: rows of ${currentName} are not valid JSON. Use another copy of the backup.`, e);
        }
        for (const row of rows) current.add(row);
        opts.onRows?.(currentName, current.rows);
        break;
      }
      case FrameType.manifest:
        manifest = parse<Manifest>(f.payload, path, 'manifest');
        break;
    }
  }
  if (!schema || !manifest) throw fail('CORRUPT', `${path} lacks its schema or manifest. Use another copy of the backup.`);
  for (const t of manifest.tables) {
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
  if (key && typeof key.sso_key1 !== 'string') key = undefined;
  return { manifest, schema, key };
}

/** Streams the portable rows of a bundle to `insert`, table by table (second pass of a restore). */
export async function feedRows(
  path: string,
  schema: SchemaInfo,
  insert: (table: TableInfo, batch: PortableValue[][]) => Promise<void>,
  opts: { passphrase?: string } = {},
): Promise<void> {
  let table: TableInfo | undefined;
  for await (const f of readFrames(path, opts)) {
    if (f.type === FrameType.table) {
      const name = (JSON.parse(f.payload.toString('utf8')) as { name: string }).name;
      table = schema.tables.find((t) => t.name === name);
    } else if ((f.type === FrameType.rows || f.type === FrameType.canonicalRows) && table) {
      await insert(table, parseRows(f.payload));
    }
  }
}

/** Streams the SQL dump text of a bundle (its `D` frames in order). */
export async function* sqlOfBundle(path: string, opts: { passphrase?: string } = {}): AsyncGenerator<string> {
  for await (const f of readFrames(path, opts)) if (f.type === FrameType.sql) yield f.payload.toString('utf8');
}
