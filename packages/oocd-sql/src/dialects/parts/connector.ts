import type { Dialect } from 'kysely';
import type { DirectRunner } from '../../connect/direct-runner.js';
import type { PoolCredentials, PoolOptions } from '../../connect/pool-options.js';
import type { FailoverOwner } from '../../retry/failover-retry.js';
import type { ParsedSqlUrl } from '../../url.js';

/** What {@link DialectConnector.connect} returns. */
export interface Connected {
  /** The Kysely dialect on the pool (or SQLite database) just made. */
  dialect: Dialect;
  /** Runs compiled statements on the same pool without Kysely's executor (absent: use Kysely). */
  runner?: DirectRunner;
  /**
   * The fail-over pool (URLs with several hosts): the owner of connection-error classification,
   * which the driver's fail-over retry asks. Absent for one host.
   */
  failover?: FailoverOwner;
}

/** Options the dialects take when connecting. */
export interface ConnectOptions extends PoolOptions {
  /** SQLite: how long to wait for the write lock, in ms. */
  busyTimeoutMs?: number;
}

/**
 * Connection and pool: how a dialect turns a URL and a user into a Kysely dialect (MariaDB and
 * PostgreSQL through `createPool`, the one place pools are made; SQLite through
 * `openSqliteDatabase`). The database driver package is loaded here, on first use.
 */
export interface DialectConnector {
  connect(url: ParsedSqlUrl, credentials: PoolCredentials, opts: ConnectOptions): Promise<Connected>;
}
