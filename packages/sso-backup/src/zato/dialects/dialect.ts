import type { Expression, Kysely } from 'kysely';
import type { ZatoDbConfig } from '../db-config.js';
import type { ZatoEngine } from '../engine.js';
import type { ZatoSsoTable } from '../tables.js';

// biome-ignore lint/suspicious/noExplicitAny: the SSO tables are plain rows here; columns differ per engine.
export type AnyKysely = Kysely<any>;

/** A value an SSO row may hold when written through Kysely. */
export type ZatoValue = string | number | boolean | Buffer | null | Expression<unknown>;

/**
 * What differs between engines when Zato-like rows are written: how booleans and Fernet outputs
 * are stored, where ids come from, and how a Kysely instance is opened.
 */
export interface ZatoDialect {
  readonly engine: ZatoEngine;
  /** Opens a Kysely instance (with text dates, as Zato's values are compared as text). */
  open(config: ZatoDbConfig): AnyKysely;
  /** A boolean as Zato stores it (0/1 on SQLite and MySQL, boolean on PostgreSQL). */
  bool(b: boolean): number | boolean;
  /** A Fernet token as Zato stores it (bytes → BLOB on SQLite, text elsewhere). */
  fernet(token: string): string | Buffer;
  /** The `id` for a new row: `nextval(seq)` on PostgreSQL, undefined (auto-increment) elsewhere. */
  nextId(table: ZatoSsoTable): Expression<unknown> | undefined;
  /** After rows were inserted with explicit ids: move PostgreSQL sequences past max(id). */
  syncSequences(db: AnyKysely): Promise<void>;
}
