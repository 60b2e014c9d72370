import { sql } from 'kysely';
import type { KeyFunctions } from '../parts/key-functions.js';

/** SQLite's `substr`/`instr` count characters (code points) of TEXT. */
export const sqliteFunctions: KeyFunctions = {
  slashAfter: (key, n) => sql<number>`instr(substr(${key}, ${n} + 1), '/')`,
  concat: (a, b) => sql`(${a} || ${b})`,
  head: (s, n) => sql`substr(${s}, 1, ${n})`,
  asKey: (e) => sql`${e}`,
};
