import { sql } from 'kysely';
import type { KeyFunctions } from '../parts/key-functions.js';

/** PostgreSQL's `substr`/`strpos` count characters of a UTF8 database; keys compare under `COLLATE "C"`. */
export const postgresFunctions: KeyFunctions = {
  slashAfter: (key, n) => sql<number>`strpos(substr(${key}, cast(${n} as integer) + 1), '/')`,
  concat: (a, b) => sql`(${a} || ${b})`,
  head: (s, n) => sql`substr(${s}, 1, ${n})`,
  asKey: (e) => sql`(cast(${e} as text) COLLATE "C")`,
};
