// Builds a SQLite Zato server with N extra zato_sso_attr rows for profiling (bench/cli.ts on it):
// node --conditions=source --import tsx bench/make-server.ts <dir> [rows]
import { populateServer } from './populate.js';

const [dir, rows] = process.argv.slice(2);
if (!dir) throw new Error('usage: make-server.ts <dir> [rows]');
await populateServer(dir, Number(rows ?? 100_000));
