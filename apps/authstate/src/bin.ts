// Entry for running the CLI from sources: node --conditions=source --import tsx src/bin.ts …
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
