import { MysqlDialect } from 'kysely';
import { createPool } from '../../connect/create-pool.js';
import { mysqlDirectRunner } from '../../connect/direct-runner.js';
import type { MysqlFailoverPool } from '../../failover/index.js';
import type { DialectConnector } from '../parts/connector.js';

/** A mysql2 pool from `createPool` (a fail-over pool for several hosts) and a direct runner on it. */
export const mysqlConnector: DialectConnector = {
  connect: async (url, credentials, opts) => {
    const pool = await createPool('mysql', url, credentials, opts);
    const { failover } = pool as Partial<MysqlFailoverPool>;
    return { dialect: new MysqlDialect({ pool }), runner: mysqlDirectRunner(pool, !failover), ...(failover ? { failover } : {}) };
  },
};
