import { readCatalog } from '../catalog/catalog.js';
import type { Conn } from '../conn/conn.js';
import { fail } from '../errors.js';
import { quoteFor } from './quote.js';

/** A `zato_sso_*` table of the target that holds rows. */
export interface OccupiedTable {
  name: string;
  rows: number;
}

/**
 * The `zato_sso_*` tables of a database that hold rows, with their row counts (empty list: a
 * fresh server, or no SSO schema yet). Reads only.
 */
export async function occupiedSsoTables(conn: Conn): Promise<OccupiedTable[]> {
  const q = quoteFor(conn.engine);
  const out: OccupiedTable[] = [];
  for (const t of (await readCatalog(conn)).tables) {
    const [row] = await conn.query(`SELECT COUNT(*) AS n FROM ${q(t.name)}`);
    const rows = Number(row?.n ?? 0);
    if (rows > 0) out.push({ name: t.name, rows });
  }
  return out;
}

/**
 * Refuses (ALREADY_EXISTS, before anything is changed) to restore over SSO rows a target already
 * holds, naming the tables and their row counts — unless `force`. Returns the occupied tables.
 */
export async function checkTargetEmpty(conn: Conn, where: string, force = false): Promise<OccupiedTable[]> {
  const occupied = await occupiedSsoTables(conn);
  if (occupied.length > 0 && !force) {
    const list = occupied.map((t) => `${t.name} (${t.rows} ${t.rows === 1 ? 'row' : 'rows'})`).join(', ');
    throw fail(
      'ALREADY_EXISTS',
      `${where} already holds SSO data: ${list}. A restore would replace it; nothing was changed. Restore into a new server, or pass force (--force) to replace that data.`,
    );
  }
  return occupied;
}
