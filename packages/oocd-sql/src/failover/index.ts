export { anyCause, type ConnectionErrorTest, causeChain, SOCKET_ERROR_CODES } from './connection-errors.js';
export { describeFailoverEvent, stderrLogger } from './events.js';
export { FailoverPool, type PooledConnection, type RawConnector } from './failover-pool.js';
export { HostList } from './host-list.js';
export { failoverPoolStats, setDefaultFailoverLogger } from './live-pools.js';
export { isMysqlConnectionError } from './mysql-connection-errors.js';
export { createMysqlFailoverPool, type MysqlConnectionSettings, type MysqlFailoverPool } from './mysql-failover-pool.js';
export { NoHostAvailableError } from './no-host-error.js';
export { FAILOVER_DEFAULTS, failoverOptionsFromConfig, resolveFailoverOptions } from './options.js';
export { isPostgresConnectionError } from './postgres-connection-errors.js';
export { createPostgresFailoverPool, type PostgresConnectionSettings, type PostgresFailoverPool } from './postgres-failover-pool.js';
export type {
  FailoverEvent,
  FailoverLogger,
  FailoverOptions,
  FailoverStats,
  HostAddress,
  HostStats,
  ResolvedFailoverOptions,
} from './types.js';
