// The public surface of @authstate/oocd-sql: what a user of the SQL backend needs. Everything else
// (dialect parts, pools, statements, lock names, key ranges) is internal and may change.
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

// The driver itself (`SqlOocdDriver.open(config)`, `SqlOocdDriver.openWith(kysely, config)`).
export { type PoolParts, SqlOocdDriver } from './driver.js';
// Fail-over: settings, counters for metrics, where log lines go, the error when no host answers.
export {
  type FailoverEvent,
  type FailoverLogger,
  type FailoverOptions,
  type FailoverStats,
  failoverPoolStats,
  type HostStats,
  NoHostAvailableError,
  setDefaultFailoverLogger,
} from './failover/index.js';
// Operational commands on the nodes of a fail-over URL (`authstate oocd nodes …`).
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
// The table: its DDL for a schema user, its default name, its columns (for `openWith`).
export { type SchemaDdlOptions, schemaDdl } from './schema.js';
export { DEFAULT_TABLE, type OocdDatabase, type OocdTable } from './table.js';
// Connection URLs.
export { type ParsedSqlUrl, parseSqlUrl, redact, type SqlDialectName, type SqlHost } from './url.js';
