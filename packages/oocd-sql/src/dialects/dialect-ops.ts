import type { SqlDialectName } from '../url.js';
import type { DialectConnector } from './parts/connector.js';
import type { DialectStatements } from './parts/dialect-statements.js';
import type { ErrorClassifier } from './parts/error-classifier.js';
import type { KeyCodec } from './parts/key-codec.js';
import type { KeyFunctions } from './parts/key-functions.js';
import type { ReaperHooks } from './parts/reaper-hooks.js';
import type { TableSchema } from './parts/table-schema.js';

/**
 * Everything that differs between SQLite, MariaDB and PostgreSQL, in small named parts (as
 * Kysely splits a dialect into driver, adapter, compiler): one folder per dialect
 * (`sqlite/`, `mysql/`, `postgres/`) assembling its parts, with what two dialects share in
 * `shared/`. The driver never branches on the dialect.
 */
export interface DialectOps {
  readonly name: SqlDialectName;
  /** Connection and pool (loads the database driver package on first use). */
  readonly connector: DialectConnector;
  /** DDL of the table and its expiry index. */
  readonly schema: TableSchema;
  /** Key encoding to and from the key column. */
  readonly keys: KeyCodec;
  /** SQL string functions on keys (listing, child walk). */
  readonly functions: KeyFunctions;
  /** The statements whose SQL differs, and the child-walk strategy. */
  readonly statements: DialectStatements;
  /** Where and how the reaper's batches run. */
  readonly reaper: ReaperHooks;
  /** What SQL errors mean (missing table, missing grant, deadlock). */
  readonly errors: ErrorClassifier;
}
