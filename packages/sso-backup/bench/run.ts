// pnpm bench: backup and restore of a zato_sso_attr of BENCH_ROWS rows (default 1,000,000) beside
// the native tools measured in the same run (sqlite3 .dump / sqlite3 db < dump, pg_dump / psql,
// mariadb-dump / mariadb), printed as ratios with peak RSS and the load average of each run.
// Ours runs from the built package (dist/, built first), as the authstate CLI ships it.
// PostgreSQL and MariaDB rows need AUTHSTATE_TEST_POSTGRES_URL / _MARIADB_URL (scripts/dbs.sh).
// The machine may be shared: each measurement waits (up to BENCH_WAIT_S, default 60 s) for the
// 1-minute load average to drop below BENCH_MAX_LOAD (default 2).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@authstate/test-support';
import { initServer } from '../src/zato/index.js';
import { type Measured, measure, nodeCommand } from './measure.js';
import { populateServer } from './populate.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** BENCH_ONLY=sqlite,postgresql,mariadb (default all): which sections to measure (the SQLite bundle is always made). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'sqlite,postgresql,mariadb').split(','));
const pkg = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const lines: string[] = [];
const fmtLoad = (m?: Measured) => (m ? m.load.toFixed(1) : '');
const row = (what: string, ours: Measured, native?: Measured, note = '') => {
  const ratio = native ? `${(ours.seconds / native.seconds).toFixed(2)}×` : '';
  const nat = native ? `${native.seconds.toFixed(2)} s | ${native.peakRssMiB} MiB` : ' | ';
  const cpu = `${ours.cpuSeconds.toFixed(1)} / ${native ? native.cpuSeconds.toFixed(1) : ''}`;
  const line = `| ${what} | ${ours.seconds.toFixed(2)} s | ${ours.peakRssMiB} MiB | ${nat} | ${ratio} | ${cpu} | ${fmtLoad(ours)} / ${fmtLoad(native)} | ${note} |`;
  lines.push(line);
  console.error(line);
};
const ours = (args: string[], env: NodeJS.ProcessEnv = {}) => measure(nodeCommand(cli, args), env);
const size = (f: string) => `${(statSync(f).size / 1048576).toFixed(0)} MiB`;

execFileSync('pnpm', ['run', '--silent', 'build'], { cwd: pkg, stdio: 'inherit' });
const work = await mkdtemp(join(tmpdir(), 'sso-bench-'));
const dbs: TestDatabase[] = [];
const serverOn = async (name: string, url?: string) => {
  const d = join(work, name);
  await initServer(d, url ? { url } : {});
  return d;
};
try {
  const src = join(work, 'src');
  const t0 = Date.now();
  await populateServer(src, ROWS);
  console.error(`[bench] ${ROWS} attr rows populated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // SQLite backup
  const bundle = join(work, 'sso.bundle');
  if (!ONLY.has('sqlite')) execFileSync(process.execPath, [cli, 'backup', src, bundle]);
  else {
    const nativeDump = join(work, 'native.sql');
    const nb = measure(`sqlite3 ${q(join(src, 'zato.db'))} ".dump zato_sso_%" > ${q(nativeDump)}`);
    row('SQLite backup → bundle', ours(['backup', src, bundle]), nb, `bundle ${size(bundle)}, native dump ${size(nativeDump)}`);
    const sqlOnly = join(work, 'ours.sql');
    row('SQLite backup → `--format sql`', ours(['backup', src, sqlOnly, 'sql']), nb, size(sqlOnly));
    const sealed = join(work, 'sealed.bundle');
    row(
      'SQLite backup → encrypted bundle (scrypt N=2^17 + AES-256-GCM)',
      ours(['backup', src, sealed], { BENCH_PASSPHRASE: 'bench passphrase' }),
      nb,
    );

    // SQLite restore (targets: new servers with empty SSO tables; native: the dump into a new file)
    const nr = measure(`sqlite3 ${q(join(work, 'native-target.db'))} < ${q(nativeDump)}`);
    row('SQLite restore ← bundle (check pass + load, one transaction)', ours(['restore', bundle, await serverOn('t1')]), nr);
    row('SQLite restore ← encrypted bundle', ours(['restore', sealed, await serverOn('t2')], { BENCH_PASSPHRASE: 'bench passphrase' }), nr);
    row('SQLite restore ← plain `.sql` (ours)', ours(['restore', sqlOnly, await serverOn('t3')]), nr);
  }

  // PostgreSQL: the SQLite bundle restored into it (cross-engine), then backed up and restored
  if (process.env.AUTHSTATE_TEST_POSTGRES_URL && ONLY.has('postgresql')) {
    const [db, db2] = [await createTestDatabase('postgres', 'bench'), await createTestDatabase('postgres', 'bench')];
    dbs.push(db, db2);
    const pgServer = await serverOn('pg', db.url);
    row('SQLite → PostgreSQL restore (cross-engine)', ours(['restore', bundle, pgServer]));
    const u = new URL(db.url);
    const env = { PGPASSWORD: decodeURIComponent(u.password) };
    const conn = `-h ${u.hostname} -p ${u.port} -U ${decodeURIComponent(u.username)}`;
    const pgDumpFile = join(work, 'pg_dump.sql');
    const np = measure(`pg_dump ${conn} -d ${db.name} -t 'zato_sso_*' -f ${q(pgDumpFile)}`, env);
    const pgBundle = join(work, 'pg.bundle');
    row('PostgreSQL backup → bundle', ours(['backup', pgServer, pgBundle]), np, `pg_dump -t 'zato_sso_*' ${size(pgDumpFile)}`);
    const pgSql = join(work, 'pg.sql');
    row('PostgreSQL backup → `--format sql`', ours(['backup', pgServer, pgSql, 'sql']), np, size(pgSql));
    const nrp = measure(`psql -X -q -v ON_ERROR_STOP=1 -1 ${conn} -d ${db2.name} -f ${q(pgDumpFile)}`, env);
    const pg2 = await serverOn('pg2', db2.url);
    row(
      'PostgreSQL restore ← bundle (replaces the tables psql just loaded)',
      ours(['restore', pgBundle, pg2]),
      nrp,
      'native: psql -1 -f pg_dump.sql',
    );
  }

  // MariaDB: the same, beside mariadb-dump / mariadb
  if (process.env.AUTHSTATE_TEST_MARIADB_URL && ONLY.has('mariadb')) {
    const [db, db2] = [await createTestDatabase('mariadb', 'bench'), await createTestDatabase('mariadb', 'bench')];
    dbs.push(db, db2);
    const myServer = await serverOn('my', db.url);
    row('SQLite → MariaDB restore (cross-engine)', ours(['restore', bundle, myServer]));
    const u = new URL(db.url);
    const env = { MYSQL_PWD: decodeURIComponent(u.password) };
    const conn = `--no-defaults -h ${u.hostname} -P ${u.port} -u ${decodeURIComponent(u.username)}`;
    const tables = execFileSync(
      'sh',
      [
        '-c',
        `mariadb ${conn} -N -B ${db.name} -e "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'zato\\\\_sso\\\\_%'"`,
      ],
      { env: { ...process.env, ...env }, encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean);
    const myDumpFile = join(work, 'mariadb-dump.sql');
    const nm = measure(`mariadb-dump ${conn} --single-transaction ${db.name} ${tables.join(' ')} > ${q(myDumpFile)}`, env);
    const myBundle = join(work, 'my.bundle');
    row('MariaDB backup → bundle', ours(['backup', myServer, myBundle]), nm, `mariadb-dump --single-transaction ${size(myDumpFile)}`);
    const nrm = measure(`mariadb ${conn} ${db2.name} < ${q(myDumpFile)}`, env);
    const my2 = await serverOn('my2', db2.url);
    row(
      'MariaDB restore ← bundle (replaces the tables the client just loaded)',
      ours(['restore', myBundle, my2]),
      nrm,
      'native: mariadb db < dump',
    );
  }

  const cpu = cpus()[0]?.model ?? 'unknown';
  console.log(
    `\nsso-backup bench — ${ROWS.toLocaleString('en-US')} zato_sso_attr rows; ${cpus().length} CPUs (${cpu}); Node ${process.version}; ${new Date().toISOString()}\n`,
  );
  console.log(
    '| operation | ours | ours peak RSS | native | native peak RSS | ratio | client CPU s (ours / native) | load avg (ours / native) | notes |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const l of lines) console.log(l);
} finally {
  for (const d of dbs) await d.drop().catch(() => {});
  await rm(work, { recursive: true, force: true });
}
