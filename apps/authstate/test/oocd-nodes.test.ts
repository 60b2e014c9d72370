// `authstate oocd nodes status|purge-binlogs` as subprocesses against the live MariaDB
// master-master pair of scripts/dbs-replicas.sh (and its PostgreSQL pair), and the fail-over
// series of `oocd serve`'s /metrics on that pair.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminQuery, adminRows, waitFor } from '@authstate/test-support';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, startServe, tempDir } from './helpers/cli.js';

const HINT = 'eval "$(bash scripts/dbs-replicas.sh start)"';
const mariadbUrl = process.env.AUTHSTATE_TEST_REPLICA_MARIADB_URL;
const postgresUrl = process.env.AUTHSTATE_TEST_REPLICA_POSTGRES_URL;
const script = process.env.AUTHSTATE_TEST_REPLICA_SCRIPT;
if ((!mariadbUrl || !postgresUrl || !script) && process.env.AUTHSTATE_TEST_REQUIRE_SERVERS === '1') {
  throw new Error(`AUTHSTATE_TEST_REQUIRE_SERVERS=1 but the replica servers are not configured (${HINT})`);
}

/** `scheme://user:pass@h1:p1,h2:p2/db` → its parts (the WHATWG URL parser refuses host lists). */
function parts(url: string) {
  const m = /^[a-z]+:\/\/([^:@]+):([^@]*)@([^/]+)\/([^?]+)/.exec(url);
  if (!m) throw new Error('unexpected replica URL form');
  return {
    user: decodeURIComponent(m[1] as string),
    password: decodeURIComponent(m[2] as string),
    hosts: m[3] as string,
    db: m[4] as string,
  };
}

interface PurgeJson {
  host: string;
  action: string;
  reason: string;
  removed: string[];
}

(mariadbUrl && postgresUrl && script ? describe : describe.skip)('oocd nodes on the live replica pairs', () => {
  const m = parts(mariadbUrl as string);
  const [host1, host2] = m.hosts.split(',') as [string, string];
  const url = `mariadb://${m.hosts}/${m.db}`; // no credentials in the URL: they come from files
  const withDeadNode = `mariadb://${m.hosts},127.0.0.1:1/${m.db}`;
  const node1Admin = `mysql://${encodeURIComponent(m.user)}:${encodeURIComponent(m.password)}@${host1}/${m.db}`;
  // An operator login of its own, with a distinctive password that must never show up in output.
  const ops = { user: `cliops_${process.pid}`, password: `ops-pw-${randomBytes(9).toString('hex')}` };
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let login: string[];
  const nodes = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['oocd', 'nodes', ...args], { env });
  const purge = async (target: string, ...extra: string[]) => {
    const r = await nodes(['purge-binlogs', '--url', target, ...login, '--json', ...extra]);
    return { ...r, results: JSON.parse(r.stdout || '[]') as PurgeJson[] };
  };

  beforeAll(async () => {
    tmp = await tempDir();
    for (const node of (process.env.AUTHSTATE_TEST_REPLICA_MARIADB_NODES ?? '').split(',').filter(Boolean)) {
      await promisify(execFile)('bash', [script as string, 'node-start', node], { timeout: 300_000 });
    }
    // Created on node 1 only: replication carries the user to node 2.
    await adminQuery('mariadb', node1Admin, `CREATE OR REPLACE USER '${ops.user}'@'%' IDENTIFIED BY '${ops.password}'`);
    await adminQuery(
      'mariadb',
      node1Admin,
      `GRANT SLAVE MONITOR, BINLOG MONITOR, BINLOG ADMIN, REPLICATION MASTER ADMIN ON *.* TO '${ops.user}'@'%'`,
    );
    const asOpsOnNode2 = `mysql://${ops.user}:${ops.password}@${host2}/`;
    await waitFor('the operator login replicated to node 2', async () => {
      await adminQuery('mariadb', asOpsOnNode2, 'SELECT 1');
      return true;
    });
    // A node restarted by an earlier test reconnects its replication with a retry delay: wait
    // until both directions run again, so "healthy" is asserted on a settled pair.
    const node2Admin = node1Admin.replace(host1, host2);
    await waitFor('the replica pair replicating both ways', async () => {
      const states = await Promise.all([node1Admin, node2Admin].map((u) => adminRows('mariadb', u, 'SHOW SLAVE STATUS')));
      return states.every((rows) => rows.length === 1 && rows[0]?.Slave_IO_Running === 'Yes' && rows[0]?.Slave_SQL_Running === 'Yes');
    });
    await writeFile(join(tmp.dir, 'admin.pw'), `${ops.password}\n`, { mode: 0o600 });
    await writeFile(join(tmp.dir, 'data.pw'), `${m.password}\n`, { mode: 0o600 });
    login = ['--admin-user', ops.user, '--admin-password-file', join(tmp.dir, 'admin.pw'), '--connect-timeout', '30'];
  }, 600_000);
  afterAll(async () => {
    await adminQuery('mariadb', node1Admin, `DROP USER IF EXISTS '${ops.user}'@'%'`);
    await tmp?.cleanup();
  });

  test('status: per node reachable, primary for us, replication threads, lag; exit 1 and UNREACHABLE for a dead node', async () => {
    const text = await nodes(['status', '--url', url, ...login]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^1\\. ${host1} \\[primary for us\\]: reachable \\(.*server_id 1`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`^2\\. ${host2}: reachable \\(.*server_id 2`, 'm'));
    expect(text.stdout.match(/replicates from 127\.0\.0\.1:\d+: IO Yes, SQL Yes, behind \d+ s/g)).toHaveLength(2);

    const json = await nodes(['status', '--url', url, ...login, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.map((n: { host: string; reachable: boolean; primaryForUs: boolean }) => [n.host, n.reachable, n.primaryForUs])).toEqual([
      [host1, true, true],
      [host2, true, false],
    ]);
    for (const n of report) {
      expect(n.replication).toHaveLength(1);
      expect(n.replication[0]).toMatchObject({ ioThread: 'Yes', sqlThread: 'Yes', lastIoError: '', lastSqlError: '' });
      expect(n.replication[0].secondsBehindMaster).toBeGreaterThanOrEqual(0);
    }
    expect(report[0].replication[0].masterPort).toBe(Number(host2.split(':')[1]));

    const dead = await nodes(['status', '--url', withDeadNode, ...login]);
    expect(dead.code).toBe(1);
    expect(dead.stdout).toMatch(/^3\. 127\.0\.0\.1:1: UNREACHABLE \(.*ECONNREFUSED/m);
    expect(dead.stderr).toMatch(/^\[authstate\] \[cli\] unhealthy: 127\.0\.0\.1:1 is not reachable\.\n$/);
    expect(dead.stdout + dead.stderr).not.toContain(ops.password);

    // nevisAuth names in a config file, jdbc sequential URL, the schema user's login (preferred over the data user's) from ${env:}.
    const cfg = join(tmp.dir, 'nevis.properties');
    const P = 'ch.nevis.esauth.OutOfContextDataService.';
    await writeFile(
      cfg,
      `${P}class=ch.nevis.esauth.ooc.sql.SqlOOCDService\n${P}jdbcUrl=jdbc:mariadb:sequential//${m.hosts}/${m.db}\n` +
        `${P}dataUser=${m.user}\n${P}dataUserPassword=wrong\n` +
        `${P}schemaUser=${ops.user}\n${P}schemaUserPassword=\${env:AUTHSTATE_TEST_NODES_PW}\n`,
    );
    const viaConfig = await nodes(['status', '--config', cfg, '--json'], { AUTHSTATE_TEST_NODES_PW: ops.password });
    expect(viaConfig.code).toBe(0);
    expect(JSON.parse(viaConfig.stdout).map((n: { reachable: boolean }) => n.reachable)).toEqual([true, true]);

    // PostgreSQL pair: reachable, no replication threads to report.
    const pg = parts(postgresUrl as string);
    await writeFile(join(tmp.dir, 'pg.pw'), `${pg.password}\n`, { mode: 0o600 });
    const pgLogin = ['--data-user', pg.user, '--data-password-file', join(tmp.dir, 'pg.pw')];
    const pgStatus = await nodes(['status', '--url', `postgres://${pg.hosts}/${pg.db}`, ...pgLogin, '--json']);
    expect(pgStatus.code).toBe(0);
    expect(JSON.parse(pgStatus.stdout).map((n: { reachable: boolean; primaryForUs: boolean }) => [n.reachable, n.primaryForUs])).toEqual([
      [true, true],
      [true, false],
    ]);
  }, 600_000);

  test('purge-binlogs: dry run, purge, idempotent re-run (exit 0); skips and exits 1 when a node is unreachable', async () => {
    // Rotate node 1's log and write after it, so that once node 2 applied it there is a log to purge.
    await adminQuery('mariadb', node1Admin, 'FLUSH BINARY LOGS');
    await adminQuery('mariadb', node1Admin, 'CREATE TABLE IF NOT EXISTS cli_purge_probe (id INT PRIMARY KEY)');
    await adminQuery('mariadb', node1Admin, 'DROP TABLE cli_purge_probe');
    // Node 2 applies the rotation in its own time: polled until there is something to purge.
    const dry = await waitFor('a binary log on node 1 that node 2 has applied', async () => {
      const r = await purge(url, '--dry-run');
      return r.results.find((x) => x.host === host1)?.removed.length ? r : undefined;
    });
    expect(dry.code).toBe(0);
    const dry1 = dry.results.find((r) => r.host === host1);
    expect(dry1?.action).toBe('would-purge');
    expect(dry1?.removed.length).toBeGreaterThan(0);
    // A dry run removed nothing: the same answer again.
    const dryAgain = await purge(url, '--dry-run');
    expect(dryAgain.results.find((r) => r.host === host1)?.removed.slice(0, dry1?.removed.length)).toEqual(dry1?.removed);

    const text = await nodes(['purge-binlogs', '--url', url, ...login]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^${host1}: purged — removed logs before \\S+ \\(${host2} at `, 'm'));
    for (const name of dry1?.removed ?? []) expect(text.stdout).toContain(name);

    const again = await purge(url);
    expect(again.code).toBe(0);
    expect(again.results.map((r) => r.action)).toEqual(['nothing-to-do', 'nothing-to-do']);

    const unsure = await purge(withDeadNode);
    expect(unsure.code).toBe(1);
    expect(unsure.results.map((r) => r.action)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(unsure.results[0]?.reason).toMatch(/127\.0\.0\.1:1 is not reachable/);
    expect(unsure.stderr).toMatch(/left .* alone: something could not be confirmed/);
    expect(unsure.stdout + unsure.stderr).not.toContain(ops.password);

    const pg = parts(postgresUrl as string);
    const onPostgres = await nodes(['purge-binlogs', '--url', `postgres://${pg.hosts}/${pg.db}`]);
    expect(onPostgres.code).toBe(2);
    expect(onPostgres.stderr).toMatch(/Binary logs exist on MariaDB\/MySQL only/);
  }, 600_000);

  test('oocd serve on the fail-over URL: /metrics shows which node gets the connections', async () => {
    const table = `cli_failover_${process.pid}`;
    const cfg = join(tmp.dir, 'serve.properties');
    await writeFile(cfg, `class=sql\nurl=${url}\ndataUser=${m.user}\ntable=${table}\nreaperInterval=0\n`);
    const srv = await startServe(['--config', cfg, '--data-password-file', join(tmp.dir, 'data.pw')], {
      env: { AUTHSTATE_TOKEN: 't0ken-for-the-failover-test' },
    });
    try {
      const auth = { authorization: 'Bearer t0ken-for-the-failover-test' };
      const put = await fetch(`${srv.url}/v1/entries/f/1`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ value: 'v', ttlMs: 60_000 }),
      });
      expect(put.status).toBe(204);
      const metrics = await (await fetch(`${srv.url}/metrics`, { headers: auth })).text();
      expect(metrics).toContain(`authstate_oocd_db_current_host{host="${host1}"} 1`);
      expect(metrics).toContain(`authstate_oocd_db_current_host{host="${host2}"} 0`);
      expect(metrics).toMatch(new RegExp(`^authstate_oocd_db_host_connections\\{host="${host1}"\\} [1-9]`, 'm'));
      expect(metrics).toContain(`authstate_oocd_db_host_down{host="${host2}"} 0`);
      expect(metrics).toMatch(/^authstate_oocd_db_traffic_moves_total 0$/m);
    } finally {
      expect(await srv.stop()).toBe(0);
      await adminQuery('mariadb', node1Admin, `DROP TABLE IF EXISTS ${table}`);
    }
  }, 600_000);
});
