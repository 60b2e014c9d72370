import { checkSqliteTableDdl, isSsoName, ScriptRefusal } from '../load/sso-script-policy.js';
import type { Manifest } from '../manifest.js';
import type { ColumnInfo, Engine, ForeignKeyInfo, IndexInfo, SchemaInfo, SequenceInfo, TableInfo, ValueKind } from '../types.js';
import { JsonObject, parseJson, ShapeError } from './json-shape.js';

const ENGINES: readonly Engine[] = ['sqlite', 'postgresql', 'mysql'];
const KINDS: readonly ValueKind[] = ['int', 'real', 'bool', 'text', 'blob', 'datetime'];
const HEX64 = /^[0-9a-f]{64}$/;
/** 32 bytes in url-safe base64 with its padding, as Fernet keys are written. */
const FERNET_KEY = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]=$/;

/** The SSO key frame: the key (absent when the source had none) and where it came from. */
export interface KeyPayload {
  sso_key1: string;
  from: 'sso_key1' | 'key1';
}

/**
 * Typed readers of a bundle's JSON frames (`S`, `M`, `K`, `T`), each checking the shape the
 * restore relies on, so a crafted frame ends in a {@link ShapeError} saying what was wrong —
 * never in a `TypeError` deep inside a loader.
 */
export const payloads = {
  schema(bytes: Buffer): SchemaInfo {
    const s = new JsonObject(parseJson(bytes, 'schema'), 'schema');
    const tables = s.array('tables', tableOf);
    const names = new Set<string>();
    for (const t of tables) {
      if (names.has(t.name)) throw new ShapeError(`its schema describes ${t.name} twice`);
      names.add(t.name);
    }
    const engine = s.oneOf('engine', ENGINES);
    if (engine === 'sqlite') {
      for (const t of tables) {
        try {
          checkSqliteTableDdl(t);
        } catch (e) {
          if (e instanceof ScriptRefusal)
            throw new ShapeError(`its schema carries DDL for ${t.name} that a restore would refuse (${e.message}: "${e.shown}")`);
          throw e;
        }
      }
    }
    return { engine, tables, sequences: s.array('sequences', sequenceOf) };
  },

  manifest(bytes: Buffer): Manifest {
    const m = new JsonObject(parseJson(bytes, 'manifest'), 'manifest');
    const keyFrom = m.raw('keyFrom') === undefined ? undefined : m.oneOf('keyFrom', ['sso_key1', 'key1'] as const);
    return {
      formatVersion: m.integer('formatVersion', 1, 1000),
      toolVersion: m.string('toolVersion'),
      sourceEngine: m.oneOf('sourceEngine', ENGINES),
      createdAt: m.string('createdAt'),
      tables: m.array('tables', (v, i) => {
        const t = new JsonObject(v, `manifest table ${i}`);
        const sha256 = t.string('sha256');
        if (!HEX64.test(sha256)) t.wrong('sha256', sha256, '64 hexadecimal digits');
        return { name: t.string('name'), rows: t.integer('rows', 0, Number.MAX_SAFE_INTEGER), sha256 };
      }),
      ...(keyFrom ? { keyFrom } : {}),
      encrypted: m.boolean('encrypted'),
    };
  },

  /** The key frame; undefined when the source had no key (`{}`). */
  key(bytes: Buffer): KeyPayload | undefined {
    const k = new JsonObject(parseJson(bytes, 'key frame'), 'key frame');
    if (k.raw('sso_key1') === undefined) return undefined;
    // never describe the value: it may be (part of) a key
    const key = k.raw('sso_key1');
    if (typeof key !== 'string' || !FERNET_KEY.test(key)) throw new ShapeError('its key frame field sso_key1 is not a Fernet key');
    return { sso_key1: key, from: k.oneOf('from', ['sso_key1', 'key1'] as const) };
  },

  /** The table name of a `T` frame. */
  tableName(bytes: Buffer): string {
    return new JsonObject(parseJson(bytes, 'table header'), 'table header').string('name');
  },
};

function tableOf(v: unknown, i: number): TableInfo {
  const t = new JsonObject(v, `schema table ${i}`);
  const name = t.string('name');
  if (!isSsoName(name) || /[\u0000-\u001f]/.test(name)) t.wrong('name', name, 'the name of a zato_sso_* table');
  const where = `schema table ${name}`;
  return {
    name,
    columns: t.array('columns', (c, j) => columnOf(c, `${where} column ${j}`)),
    primaryKey: t.strings('primaryKey'),
    foreignKeys: t.array('foreignKeys', (f, j) => foreignKeyOf(f, `${where} foreign key ${j}`)),
    indexes: t.array('indexes', (x, j) => indexOf(x, `${where} index ${j}`)),
    createSql: t.string('createSql'),
    postSql: t.strings('postSql'),
    fkSql: t.strings('fkSql'),
  };
}

function columnOf(v: unknown, where: string): ColumnInfo {
  const c = new JsonObject(v, where);
  const length = c.raw('length');
  if (length !== undefined && length !== null && (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0)) {
    c.wrong('length', length, 'a length');
  }
  return {
    name: c.string('name'),
    kind: c.oneOf('kind', KINDS),
    sqlType: c.string('sqlType'),
    ...(typeof length === 'number' ? { length } : {}),
    nullable: c.boolean('nullable'),
  };
}

/** The ON DELETE actions a foreign key may name (the text goes into generated DDL). */
const ON_DELETE: readonly string[] = ['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION'];

function foreignKeyOf(v: unknown, where: string): ForeignKeyInfo {
  const f = new JsonObject(v, where);
  const onDelete = f.raw('onDelete') === undefined ? undefined : f.oneOf('onDelete', ON_DELETE);
  // Any text: it is only ever written as one quoted identifier.
  const name = f.string('name', true);
  return {
    ...(name === undefined ? {} : { name }),
    columns: f.strings('columns'),
    refTable: f.string('refTable'),
    refColumns: f.strings('refColumns'),
    ...(onDelete === undefined ? {} : { onDelete }),
  };
}

function indexOf(v: unknown, where: string): IndexInfo {
  const x = new JsonObject(v, where);
  return { name: x.string('name'), columns: x.strings('columns'), unique: x.boolean('unique'), constraint: x.boolean('constraint') };
}

function sequenceOf(v: unknown, i: number): SequenceInfo {
  const s = new JsonObject(v, `schema sequence ${i}`);
  const lastValue = s.raw('lastValue');
  if (lastValue !== undefined && lastValue !== null && (typeof lastValue !== 'number' || !Number.isSafeInteger(lastValue))) {
    s.wrong('lastValue', lastValue, 'an integer');
  }
  const table = s.string('table', true);
  const column = s.string('column', true);
  return {
    name: s.string('name'),
    ...(table === undefined ? {} : { table }),
    ...(column === undefined ? {} : { column }),
    ...(typeof lastValue === 'number' ? { lastValue } : {}),
  };
}
