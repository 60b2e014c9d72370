// One backup or restore in its own process, so the benchmark can measure its wall time and peak
// RSS. Usage: cli.ts backup <serverDir> <out> [sql]   |   cli.ts restore <file> <serverDir>
// A passphrase, when wanted, comes from BENCH_PASSPHRASE (never argv).
import { backup, restore } from '../src/backup/index.js';

const [cmd, a, b, c] = process.argv.slice(2);
if (!cmd || !a || !b) throw new Error('usage: cli.ts backup|restore …');
const passphrase = process.env.BENCH_PASSPHRASE || undefined;
if (cmd === 'backup') await backup(a, b, { format: c === 'sql' ? 'sql' : 'bundle', passphrase });
else await restore(a, b, { force: true, passphrase });
