#!/usr/bin/env node
// The CLI as built by `pnpm build`: tsc, then scripts/bundle.mjs (one file plus a chunk per command).
import { main } from '../dist/bundle/cli.js';

process.exitCode = await main(process.argv.slice(2));
