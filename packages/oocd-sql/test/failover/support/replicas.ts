import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { waitFor as pollFor, WAIT_LIMIT_MS } from '@authstate/test-support';
import mysql from 'mysql2/promise';
import { parseTestUrl, serverEnv } from './servers.js';

const run = promisify(execFile);

/** The replica servers of scripts/dbs-replicas.sh, or undefined (skipped with a warning). */
export function replicaEnv(kind: 'MARIADB' | 'POSTGRES') {
  const hint = 'eval "$(bash scripts/dbs-replicas.sh start)"';
  const url = serverEnv(`AUTHSTATE_TEST_REPLICA_${kind}_URL`, hint);
  const script = serverEnv('AUTHSTATE_TEST_REPLICA_SCRIPT', hint);
  const nodes = serverEnv(`AUTHSTATE_TEST_REPLICA_${kind}_NODES`, hint);
  if (!url || !script || !nodes) return undefined;
  return { ...parseTestUrl(url), url, script, nodes: nodes.split(',') };
}

/** Runs `scripts/dbs-replicas.sh <command> <node>` (node-kill, node-stop, node-start). */
export async function replicaCommand(script: string, command: 'node-kill' | 'node-stop' | 'node-start', node: string): Promise<void> {
  await run('bash', [script, command, node], { timeout: 300_000 });
}

/** An admin connection to one MariaDB node. */
export function mariadbAdmin(host: { host: string; port: number }, login: { user: string; password: string }) {
  return mysql.createConnection({ ...host, ...login, multipleStatements: false });
}

/** Polls `check` until it returns true (errors count as false); throws after `ms` (a bound only a broken program reaches). */
export async function waitFor(what: string, check: () => Promise<boolean>, ms = WAIT_LIMIT_MS): Promise<void> {
  await pollFor(what, check, { timeoutMs: ms, intervalMs: 100 });
}

type Row = Record<string, unknown>;

/** `SHOW SLAVE STATUS` of a node (first channel), or undefined. */
export async function slaveStatus(conn: mysql.Connection): Promise<Row | undefined> {
  const [rows] = await conn.query('SHOW SLAVE STATUS');
  return (rows as Row[])[0];
}

/** True when both replication threads run and everything received has been applied. */
export async function caughtUp(conn: mysql.Connection): Promise<boolean> {
  const s = await slaveStatus(conn);
  return (
    s?.Slave_IO_Running === 'Yes' &&
    s.Slave_SQL_Running === 'Yes' &&
    s.Master_Log_File === s.Relay_Master_Log_File &&
    String(s.Read_Master_Log_Pos) === String(s.Exec_Master_Log_Pos)
  );
}

/** Waits until `replica` has applied everything `master` has written to its binary log. */
export async function waitApplied(master: mysql.Connection, replica: mysql.Connection, ms = WAIT_LIMIT_MS): Promise<void> {
  const [rows] = await master.query('SELECT @@gtid_binlog_pos AS pos');
  const pos = String((rows as Row[])[0]?.pos ?? '');
  const [r] = await replica.query('SELECT MASTER_GTID_WAIT(?, ?) AS r', [pos, ms / 1000]);
  if (Number((r as Row[])[0]?.r) !== 0) throw new Error(`replica did not apply ${pos} within ${ms} ms`);
}

/** Connections of `user` open on a node right now. */
export async function connectionsOf(conn: mysql.Connection, user: string): Promise<number> {
  const [rows] = await conn.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?', [user]);
  return Number((rows as Row[])[0]?.n);
}

/**
 * A database and a login with a distinctive password, created on the first node only: replication
 * carries both to the other (creating them on both would break replication).
 */
export async function replicatedFixture(first: mysql.Connection) {
  const tag = randomBytes(4).toString('hex');
  const database = `fo_${tag}`;
  const user = `fo_${tag}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  await first.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4`);
  await first.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'`);
  await first.query(`GRANT ALL ON ${database}.* TO '${user}'@'127.0.0.1'`);
  return {
    database,
    user,
    password,
    drop: async (conn: mysql.Connection) => {
      await conn.query(`DROP DATABASE IF EXISTS ${database}`);
      await conn.query(`DROP USER IF EXISTS '${user}'@'127.0.0.1'`);
    },
  };
}

/** True when a node has applied every event its IO thread received (the IO thread may be down). */
export async function appliedAllReceived(conn: mysql.Connection): Promise<boolean> {
  const s = await slaveStatus(conn);
  return s?.Master_Log_File === s?.Relay_Master_Log_File && String(s?.Read_Master_Log_Pos) === String(s?.Exec_Master_Log_Pos);
}

/** A global status counter of a node, e.g. `Rpl_semi_sync_master_no_tx`. */
export async function globalStatus(conn: mysql.Connection, name: string): Promise<string> {
  const [rows] = await conn.query('SHOW GLOBAL STATUS LIKE ?', [name]);
  return String((rows as Row[])[0]?.Value ?? '');
}
