import { PostgresDialect } from 'kysely';
import { createPool } from '../../connect/create-pool.js';
import { postgresDirectRunner } from '../../connect/direct-runner.js';
import { loadPg } from '../../connect/drivers.js';
import type { PostgresFailoverPool } from '../../failover/index.js';
import type { DialectConnector } from '../parts/connector.js';

/** A pg pool from `createPool` (a fail-over pool for several hosts) and a direct runner on it. */
export const postgresConnector: DialectConnector = {
  connect: async (url, credentials, opts) => {
    const pool = await createPool('postgres', url, credentials, opts);
    const { failover } = pool as Partial<PostgresFailoverPool>;
    const runner = postgresDirectRunner(pool, failover ? undefined : (await loadPg()).types);
    return { dialect: new PostgresDialect({ pool }), runner, ...(failover ? { failover } : {}) };
  },
};
