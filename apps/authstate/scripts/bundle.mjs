// Bundles the CLI (dist/cli.js, compiled by tsc) with yargs into dist/bundle/, one chunk per lazily
// loaded command, so `authstate` starts by reading a few files instead of ~100 modules.
// Run by `pnpm build` after tsc. Only the app's own code and yargs are bundled: the workspace
// packages (@authstate/*) and their dependencies stay ordinary imports, so each exists once per
// process (AuthstateError is one class) and native addons load from their own packages.
//
// Two start-up costs are avoided on the way (measured: see BENCHMARKS.md, "CLI start-up"):
// - built-in modules come from process.getBuiltinModule(): their ES-module facades cost
//   milliseconds each (`node:util`, `node:readline`…), the CommonJS objects nothing;
// - yargs' two internal invariant checks (`assert.strictEqual`/`notStrictEqual`) get a
//   three-line equivalent instead of `node:assert`, which alone loads for tens of milliseconds.
import { readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const BUNDLED = /^(yargs|yargs\/.+|cliui|y18n|yargs-parser|escalade\/sync)$/;
const BUILTINS = new Set(builtinModules);
const BUILTIN = 'builtin';
const ASSERT = 'yargs-assert';
const ASSERT_SOURCE = `
const check = (ok, message) => { if (!ok) throw new Error(message ?? 'yargs: internal invariant violated'); };
export const strictEqual = (actual, expected, message) => check(Object.is(actual, expected), message);
export const notStrictEqual = (actual, expected, message) => check(!Object.is(actual, expected), message);
`;

rmSync('dist/bundle', { recursive: true, force: true }); // no chunks of an earlier build
await build({
  entryPoints: { cli: 'dist/cli.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  plugins: [
    {
      name: 'authstate-cli',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          const bare = args.path.replace(/^node:/, '');
          if (bare === 'assert' && /[\\/]yargs@/.test(args.importer)) return { path: 'assert', namespace: ASSERT };
          if (BUILTINS.has(bare.split('/')[0])) return { path: `node:${bare}`, namespace: BUILTIN };
          return BUNDLED.test(args.path) ? undefined : { external: true };
        });
        b.onLoad({ filter: /.*/, namespace: BUILTIN }, (args) => ({
          contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
          loader: 'js',
        }));
        b.onLoad({ filter: /.*/, namespace: ASSERT }, () => ({ contents: ASSERT_SOURCE, loader: 'js' }));
        // version.js reads ../package.json relative to itself, which is not where the bundle lies:
        // the bundle carries the version instead.
        b.onLoad({ filter: /[\\/]dist[\\/]version\.js$/ }, () => ({
          contents: `export const VERSION = ${JSON.stringify(version)};`,
          loader: 'js',
        }));
      },
    },
  ],
});
