// pnpm bench: backup and restore of a zato_sso_attr of BENCH_ROWS rows (default 1,000,000) beside
// the native tools measured in the same run (sqlite3 .dump / sqlite3 db < dump, pg_dump / psql),
// printed as ratios with peak RSS. PostgreSQL rows need AUTHSTATE_TEST_POSTGRES_URL (scripts/dbs.sh).
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@authstate/test-support';
import { initServer } from '../src/zato/index.js';
import { type Measured, measure, tsxCommand } from './measure.js';
import { populateServer } from './populate.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const lines: string[] = [];
const row = (what: string, ours: Measured, native?: Measured, note = '') => {
  const ratio = native ? `${(ours.seconds / native.seconds).toFixed(2)}×` : '';
  lines.push(
    `| ${what} | ${ours.seconds.toFixed(2)} s | ${ours.peakRssMiB} MiB | ${native ? `${native.seconds.toFixed(2)} s` : ''} | ${native ? `${native.peakRssMiB} MiB` : ''} | ${ratio} | ${note} |`,
  );
};

const work = await mkdtemp(join(tmpdir(), 'sso-bench-'));
try {
  const src = join(work, 'src');
  const t0 = Date.now();
  await populateServer(src, ROWS);
  console.error(`[bench] ${ROWS} attr rows populated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const size = (f: string) => `${(statSync(f).size / 1048576).toFixed(0)} MiB`;

  // SQLite backup
  const nativeDump = join(work, 'native.sql');
  const nb = measure(`sqlite3 ${q(join(src, 'zato.db'))} ".dump zato_sso_%" > ${q(nativeDump)}`);
  const bundle = join(work, 'sso.bundle');
  const ob = measure(tsxCommand(cli, ['backup', src, bundle]));
  row('SQLite backup → bundle (SQL dump + portable rows + checksums)', ob, nb, `bundle ${size(bundle)}, native dump ${size(nativeDump)}`);
  const sqlOnly = join(work, 'ours.sql');
  row('SQLite backup → `--format sql`', measure(tsxCommand(cli, ['backup', src, sqlOnly, 'sql'])), nb, size(sqlOnly));
  const sealed = join(work, 'sealed.bundle');
  row(
    'SQLite backup → encrypted bundle (scrypt N=2^17 + AES-256-GCM)',
    measure(tsxCommand(cli, ['backup', src, sealed]), { BENCH_PASSPHRASE: 'bench passphrase' }),
    nb,
  );

  // SQLite restore (targets: new servers with empty SSO tables; native: the dump into a new file)
  const fresh = async (name: string) => {
    const d = join(work, name);
    await initServer(d, {});
    return d;
  };
  const nativeDb = join(work, 'native-target.db');
  const nr = measure(`sqlite3 ${q(nativeDb)} < ${q(nativeDump)}`);
  const t1 = await fresh('t1');
  row('SQLite restore ← bundle (check pass + load, one transaction)', measure(tsxCommand(cli, ['restore', bundle, t1])), nr);
  const t2 = await fresh('t2');
  row('SQLite restore ← encrypted bundle', measure(tsxCommand(cli, ['restore', sealed, t2]), { BENCH_PASSPHRASE: 'bench passphrase' }), nr);
  const t3 = await fresh('t3');
  row('SQLite restore ← plain `.sql` (ours)', measure(tsxCommand(cli, ['restore', sqlOnly, t3])), nr);

  // PostgreSQL
  if (process.env.AUTHSTATE_TEST_POSTGRES_URL) {
    const db = await createTestDatabase('postgres', 'bench');
    const db2 = await createTestDatabase('postgres', 'bench');
    try {
      const pgServer = await (async () => {
        const d = join(work, 'pg');
        await initServer(d, { url: db.url });
        return d;
      })();
      row('SQLite → PostgreSQL restore (cross-engine)', measure(tsxCommand(cli, ['restore', bundle, pgServer])));
      const u = new URL(db.url);
      const env = { PGPASSWORD: decodeURIComponent(u.password) };
      const conn = `-h ${u.hostname} -p ${u.port} -U ${decodeURIComponent(u.username)}`;
      const pgDumpFile = join(work, 'pg_dump.sql');
      const np = measure(`pg_dump ${conn} -d ${db.name} -t 'zato_sso_*' -f ${q(pgDumpFile)}`, env);
      const pgBundle = join(work, 'pg.bundle');
      row(
        'PostgreSQL backup → bundle',
        measure(tsxCommand(cli, ['backup', pgServer, pgBundle])),
        np,
        `pg_dump -t 'zato_sso_*' ${size(pgDumpFile)}`,
      );
      const nrp = measure(`psql -X -q -v ON_ERROR_STOP=1 -1 ${conn} -d ${db2.name} -f ${q(pgDumpFile)}`, env);
      const pg2 = join(work, 'pg2');
      await initServer(pg2, { url: db2.url });
      row(
        'PostgreSQL restore ← bundle (replaces the tables psql just loaded)',
        measure(tsxCommand(cli, ['restore', pgBundle, pg2])),
        nrp,
        'native: psql -1 -f pg_dump.sql',
      );
    } finally {
      await db.drop();
      await db2.drop();
    }
  }

  const cpu = cpus()[0]?.model ?? 'unknown';
  console.log(
    `\nsso-backup bench — ${ROWS.toLocaleString('en-US')} zato_sso_attr rows; ${cpus().length} CPUs (${cpu}); Node ${process.version}; ${new Date().toISOString()}\n`,
  );
  console.log('| operation | ours | ours peak RSS | native | native peak RSS | ratio | notes |');
  console.log('|---|---|---|---|---|---|---|');
  for (const l of lines) console.log(l);
} finally {
  await rm(work, { recursive: true, force: true });
}
