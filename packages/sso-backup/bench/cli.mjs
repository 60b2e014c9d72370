// One backup or restore in its own process, run from the BUILT package (dist/, as the authstate
// CLI ships it), so the benchmark measures its wall time and peak RSS without TypeScript loading.
// Usage: cli.mjs backup <serverDir> <out> [sql|sql-checksums]   |   cli.mjs restore <file> <serverDir>
// A passphrase, when wanted, comes from BENCH_PASSPHRASE (never argv). BENCH_DIST, when set, is
// another build's dist/ directory (e.g. main's, for a before/after comparison in the same run).
import { pathToFileURL } from 'node:url';

const dist = process.env.BENCH_DIST ? pathToFileURL(`${process.env.BENCH_DIST}/`) : new URL('../dist/', import.meta.url);
const { backup, restore } = await import(new URL('backup/index.js', dist).href);

const [cmd, a, b, c] = process.argv.slice(2);
if (!cmd || !a || !b) throw new Error('usage: cli.mjs backup|restore …');
const passphrase = process.env.BENCH_PASSPHRASE || undefined;
if (cmd === 'backup') {
  const format = c === 'sql' || c === 'sql-checksums' ? 'sql' : 'bundle';
  await backup(a, b, { format, checksums: c === 'sql-checksums', passphrase });
}
// keyAction 'write' keeps the figures comparable across runs whatever layout init-server gives the
// target (a rekey adds one Fernet decrypt + encrypt per encrypted value); plainSql for the .sql row.
else await restore(a, b, { force: true, passphrase, keyAction: 'write', plainSql: true });
