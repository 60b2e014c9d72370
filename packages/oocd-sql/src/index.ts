import type { OocdDriverFactory } from '@authstate/oocd-core';
import { SqlOocdDriver } from './driver.js';

/**
 * The factory `openOocd` loads for `class=sql` (and nevisAuth's `…SqlOOCDService`).
 *
 * @example
 * ```ts
 * import { openOocd } from '@authstate/oocd-core';
 * const oocd = await openOocd({ class: 'sql', url: 'sqlite:/tmp/oocd.sqlite' });
 * ```
 */
export const createOocdDriver: OocdDriverFactory = (config) => SqlOocdDriver.open(config);

export { createPool, type PoolCredentials, type PoolOptions } from './connect/create-pool.js';
export { openSqliteDatabase } from './connect/sqlite.js';
export type { DialectOps } from './dialects/index.js';
export { DIALECTS } from './dialects/index.js';
export { mysqlLockName } from './dialects/mysql/lock.js';
export { advisoryLockKeys } from './dialects/postgres/advisory-lock.js';
export { reapLockName, SqlOocdDriver } from './driver.js';
// Fail-over (issue 5): pools, retry policy, counters; operational commands for the CLI.
export {
  createMysqlFailoverPool,
  createPostgresFailoverPool,
  FAILOVER_DEFAULTS,
  type FailoverEvent,
  type FailoverLogger,
  type FailoverOptions,
  type FailoverStats,
  failoverOptionsFromConfig,
  failoverPoolStats,
  type HostStats,
  IDEMPOTENT_OPERATIONS,
  isMysqlConnectionError,
  isPostgresConnectionError,
  type MysqlFailoverPool,
  NoHostAvailableError,
  type PostgresFailoverPool,
  runWithFailover,
  setDefaultFailoverLogger,
  withFailoverRetry,
} from './failover/index.js';
export { type BranchRange, branchRange } from './key-range.js';
export {
  formatNodesStatus,
  formatPurgeResults,
  type NodeStatus,
  type NodesTarget,
  nodesStatus,
  type PurgeOptions,
  type PurgeResult,
  purgeBinaryLogs,
  type ReplicationStatus,
} from './ops/index.js';
export { readSqlSettings, type SqlSettings } from './options.js';
export { type SchemaDdlOptions, schemaDdl } from './schema.js';
export { DEFAULT_TABLE, type OocdTable, validateTableName } from './table.js';
export { type ParsedSqlUrl, parseSqlUrl, redact, type SqlDialectName, type SqlHost } from './url.js';
