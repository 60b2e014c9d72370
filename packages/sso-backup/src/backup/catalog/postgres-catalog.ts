import type { Conn } from '../conn/conn.js';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, SchemaInfo, SequenceInfo, TableInfo, ValueKind } from '../types.js';
import { dependencyOrder } from './dependency-order.js';
import { isSsoName, SSO_LIKE } from './prefix.js';
import { quoteIdent } from './sqlite-catalog.js';
import { ZATO_SEQUENCE_TABLES } from './zato-sequences.js';

/** The logical kind of a PostgreSQL type as `format_type` prints it. */
export function postgresKind(type: string): ValueKind {
  const t = type.toLowerCase();
  if (t === 'boolean') return 'bool';
  if (t.startsWith('timestamp') || t === 'date') return 'datetime';
  if (t === 'integer' || t === 'bigint' || t === 'smallint') return 'int';
  if (t === 'bytea') return 'blob';
  if (t.startsWith('character') || t === 'text' || t.startsWith('json') || t === 'uuid') return 'text';
  return 'real';
}

const CONFDEL: Record<string, string | undefined> = { c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT', r: 'RESTRICT', a: undefined };

/**
 * Reads every `zato_sso_*` table of the current schema from pg_catalog: columns, constraints
 * (added after the data, like pg_dump), indexes and the `zato_sso_*` sequences.
 */
export async function postgresCatalog(conn: Conn): Promise<SchemaInfo> {
  const rels = (await conn.query(
    `SELECT c.oid::int AS oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() AND c.relname LIKE $1 ORDER BY c.relname`,
    [SSO_LIKE],
  )) as { oid: number; relname: string }[];
  const tables: TableInfo[] = [];
  const defaults: { table: string; column: string; dflt: string }[] = [];
  for (const rel of rels.filter((r) => isSsoName(r.relname))) {
    const cols = (await conn.query(
      `SELECT a.attnum::int AS attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
              pg_get_expr(d.adbin, d.adrelid) AS dflt, a.atttypmod::int AS typmod
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [rel.oid],
    )) as { attnum: number; attname: string; type: string; attnotnull: boolean; dflt: string | null }[];
    const nameOf = new Map(cols.map((c) => [c.attnum, c.attname]));
    const columns: ColumnInfo[] = cols.map((c) => ({
      name: c.attname,
      kind: postgresKind(c.type),
      sqlType: c.type,
      length: /^character varying\((\d+)\)$/.exec(c.type)?.[1] ? Number(/\((\d+)\)/.exec(c.type)?.[1]) : undefined,
      nullable: !c.attnotnull,
    }));
    for (const c of cols) if (c.dflt) defaults.push({ table: rel.relname, column: c.attname, dflt: c.dflt });
    const cons = (await conn.query(
      `SELECT conname, contype, pg_get_constraintdef(oid) AS def, conkey::int[] AS conkey, confrelid::regclass::text AS reftable,
              confkey::int[] AS confkey, confdeltype, confrelid::int AS confrelid
       FROM pg_constraint WHERE conrelid = $1 ORDER BY contype, conname`,
      [rel.oid],
    )) as {
      conname: string;
      contype: string;
      def: string;
      conkey: number[];
      reftable: string;
      confkey: number[] | null;
      confdeltype: string;
      confrelid: number;
    }[];
    const foreignKeys: ForeignKeyInfo[] = [];
    for (const c of cons.filter((x) => x.contype === 'f')) {
      const refCols = (await conn.query(`SELECT attnum::int AS attnum, attname FROM pg_attribute WHERE attrelid = $1 AND attnum > 0`, [
        c.confrelid,
      ])) as {
        attnum: number;
        attname: string;
      }[];
      const refName = new Map(refCols.map((r) => [r.attnum, r.attname]));
      foreignKeys.push({
        name: c.conname,
        columns: c.conkey.map((k) => nameOf.get(k) ?? String(k)),
        refTable: c.reftable.replace(/^"|"$/g, ''),
        refColumns: (c.confkey ?? []).map((k) => refName.get(k) ?? String(k)),
        onDelete: CONFDEL[c.confdeltype],
      });
    }
    const pk = cons.find((x) => x.contype === 'p');
    const idx = (await conn.query(
      `SELECT i.relname, pg_get_indexdef(i.oid) AS def, ix.indisunique, ix.indkey::int[] AS indkey
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
       WHERE ix.indrelid = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.conrelid = ix.indrelid)
       ORDER BY i.relname`,
      [rel.oid],
    )) as { relname: string; def: string; indisunique: boolean; indkey: number[] }[];
    const indexes: IndexInfo[] = [
      ...cons
        .filter((x) => x.contype === 'u')
        .map((x) => ({ name: x.conname, columns: x.conkey.map((k) => nameOf.get(k) ?? String(k)), unique: true, constraint: true })),
      ...idx.map((i) => ({
        name: i.relname,
        columns: i.indkey.map((k) => nameOf.get(k) ?? String(k)),
        unique: i.indisunique,
        constraint: false,
      })),
    ];
    const t = quoteIdent(rel.relname);
    const colDefs = cols.map(
      (c) => `\t${quoteIdent(c.attname)} ${c.type}${c.dflt ? ` DEFAULT ${c.dflt}` : ''}${c.attnotnull ? ' NOT NULL' : ''}`,
    );
    tables.push({
      name: rel.relname,
      columns,
      primaryKey: pk ? pk.conkey.map((k) => nameOf.get(k) ?? String(k)) : [],
      foreignKeys,
      indexes,
      createSql: `CREATE TABLE ${t} (\n${colDefs.join(',\n')}\n)`,
      postSql: [
        ...cons.filter((x) => x.contype !== 'f').map((x) => `ALTER TABLE ONLY ${t} ADD CONSTRAINT ${quoteIdent(x.conname)} ${x.def}`),
        ...idx.map((i) => i.def),
      ],
      fkSql: cons.filter((x) => x.contype === 'f').map((x) => `ALTER TABLE ONLY ${t} ADD CONSTRAINT ${quoteIdent(x.conname)} ${x.def}`),
    });
  }
  return { engine: 'postgresql', tables: dependencyOrder(tables), sequences: await postgresSequences(conn, defaults) };
}

async function postgresSequences(conn: Conn, defaults: { table: string; column: string; dflt: string }[]): Promise<SequenceInfo[]> {
  const seqs = (await conn.query(
    `SELECT s.sequencename AS name, s.last_value::text AS last_value, dep.refobjid::regclass::text AS owner_table, a.attname AS owner_column
     FROM pg_sequences s
     JOIN pg_class c ON c.relname = s.sequencename AND c.relkind = 'S'
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
     LEFT JOIN pg_depend dep ON dep.objid = c.oid AND dep.deptype IN ('a', 'i') AND dep.classid = 'pg_class'::regclass
     LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
     WHERE s.schemaname = current_schema() AND s.sequencename LIKE $1 ORDER BY s.sequencename`,
    [SSO_LIKE],
  )) as { name: string; last_value: string | null; owner_table: string | null; owner_column: string | null }[];
  return seqs
    .filter((s) => isSsoName(s.name))
    .map((s) => {
      const byDefault = defaults.find((d) => d.dflt.includes(`'${s.name}'`));
      const table = s.owner_table ?? byDefault?.table ?? ZATO_SEQUENCE_TABLES[s.name];
      const column = s.owner_column ?? byDefault?.column ?? (table ? 'id' : undefined);
      return { name: s.name, table, column, lastValue: s.last_value === null ? undefined : Number(s.last_value) };
    });
}
