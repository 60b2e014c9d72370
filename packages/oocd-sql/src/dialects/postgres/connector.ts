import { PostgresDialect } from 'kysely';
import { createPool } from '../../connect/create-pool.js';
import { postgresDirectRunner } from '../../connect/direct-runner.js';
import { loadPg } from '../../connect/drivers.js';
import type { DialectConnector } from '../parts/connector.js';

/** A pg pool from `createPool` (a fail-over pool for several hosts) and a direct runner on it. */
export const postgresConnector: DialectConnector = {
  connect: async (url, credentials, opts) => {
    const pool = await createPool('postgres', url, credentials, opts);
    const ownPool = url.hosts.length === 1;
    return { dialect: new PostgresDialect({ pool }), runner: postgresDirectRunner(pool, ownPool ? (await loadPg()).types : undefined) };
  },
};
