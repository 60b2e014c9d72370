import { loadPg } from '../connect/drivers.js';
import type { HostAddress } from '../failover/types.js';
import type { NodeStatus } from './types.js';

/** The status of one PostgreSQL node (no replication threads to report: `standby` says its role). */
export async function readPostgresStatus(
  address: HostAddress,
  login: { user?: string; password?: string; database: string; connectTimeoutMs: number },
): Promise<Partial<NodeStatus>> {
  const pg = await loadPg();
  const client = new pg.Client({
    host: address.host,
    port: address.port,
    user: login.user,
    password: login.password,
    database: login.database,
    connectionTimeoutMillis: login.connectTimeoutMs,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; standby: boolean; read_only: string }>(
      "SELECT current_setting('server_version') AS version, pg_is_in_recovery() AS standby, current_setting('default_transaction_read_only') AS read_only",
    );
    const r = rows[0];
    return { version: r?.version, standby: r?.standby === true, readOnly: r?.read_only === 'on', replication: [] };
  } finally {
    await client.end().catch(() => {});
  }
}
