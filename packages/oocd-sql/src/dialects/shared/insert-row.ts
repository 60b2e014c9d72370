import type { Kysely } from 'kysely';
import type { ParamFn } from '../../prepared.js';
import type { RowParams } from '../../statement-params.js';
import type { OocdDatabase } from '../../table.js';

/** `INSERT INTO <table> (entry_key, entry_value, metadata, expires_at) VALUES (:key, :value, :metadata, :expiresAt)`. */
export const insertRow = (db: Kysely<OocdDatabase>, table: string, p: ParamFn<RowParams>) =>
  db.insertInto(table).values({ entry_key: p('key'), entry_value: p('value'), metadata: p('metadata'), expires_at: p('expiresAt') });
