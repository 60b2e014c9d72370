import type mysql from 'mysql2/promise';
import { loadMysql2Promise } from '../connect/drivers.js';
import type { HostAddress } from '../failover/types.js';
import type { NodeStatus, ReplicationStatus } from './types.js';

type Row = Record<string, unknown>;

/** A login to one MariaDB node for the operational commands. */
export interface MariadbLogin {
  user?: string;
  password?: string;
  connectTimeoutMs: number;
}

/** Opens a plain connection to one node (no database needed). */
export async function connectMariadb(address: HostAddress, login: MariadbLogin): Promise<mysql.Connection> {
  return (await loadMysql2Promise()).createConnection({
    host: address.host,
    port: address.port,
    user: login.user,
    password: login.password,
    connectTimeout: login.connectTimeoutMs,
  });
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/** `SHOW ALL SLAVES STATUS`, one entry per replication channel. */
export async function readReplication(conn: mysql.Connection): Promise<ReplicationStatus[]> {
  const [rows] = await conn.query('SHOW ALL SLAVES STATUS');
  return (rows as Row[]).map((r) => ({
    connectionName: str(r.Connection_name),
    masterHost: str(r.Master_Host),
    masterPort: Number(r.Master_Port ?? 0),
    masterServerId: Number(r.Master_Server_Id ?? 0),
    ioThread: str(r.Slave_IO_Running),
    sqlThread: str(r.Slave_SQL_Running),
    secondsBehindMaster: num(r.Seconds_Behind_Master),
    lastIoError: str(r.Last_IO_Error),
    lastSqlError: str(r.Last_SQL_Error),
    masterLogFile: str(r.Master_Log_File),
    relayMasterLogFile: str(r.Relay_Master_Log_File),
    gtidIoPos: str(r.Gtid_IO_Pos),
  }));
}

/** `SHOW BINARY LOGS` in order (oldest first), or undefined when binary logging is off. */
export async function readBinaryLogs(conn: mysql.Connection): Promise<{ name: string; bytes: number }[] | undefined> {
  try {
    const [rows] = await conn.query('SHOW BINARY LOGS');
    return (rows as Row[]).map((r) => ({ name: str(r.Log_name), bytes: Number(r.File_size ?? 0) }));
  } catch (e) {
    // ER_NO_BINARY_LOGGING
    if ((e as { errno?: number }).errno === 1381) return undefined;
    throw e;
  }
}

/** Server ids of the replicas connected to this node right now (`SHOW SLAVE HOSTS`). */
export async function readReplicaIds(conn: mysql.Connection): Promise<number[]> {
  const [rows] = await conn.query('SHOW SLAVE HOSTS');
  return (rows as Row[]).map((r) => Number(r.Server_id));
}

/** The status of one reachable MariaDB node. */
export async function readMariadbStatus(conn: mysql.Connection): Promise<Partial<NodeStatus>> {
  const [vars] = await conn.query(
    'SELECT @@version AS version, @@server_id AS serverId, @@read_only AS readOnly, ' +
      "(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_STATUS') AS semiMaster, " +
      "(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_SLAVE_STATUS') AS semiSlave",
  );
  const v = (vars as Row[])[0] ?? {};
  const logs = await readBinaryLogs(conn);
  return {
    version: str(v.version),
    serverId: Number(v.serverId),
    readOnly: Number(v.readOnly) === 1,
    semiSync: { master: str(v.semiMaster) === 'ON', slave: str(v.semiSlave) === 'ON' },
    replication: await readReplication(conn),
    ...(logs
      ? {
          binaryLogs: {
            count: logs.length,
            bytes: logs.reduce((s, l) => s + l.bytes, 0),
            ...(logs[0] ? { first: logs[0].name } : {}),
            ...(logs.at(-1) ? { last: logs.at(-1)?.name } : {}),
          },
        }
      : {}),
  };
}
