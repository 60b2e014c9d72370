// Bundles the CLI (dist/cli.js, compiled by tsc) with yargs into dist/bundle/, one chunk per lazily
// loaded command, so `authstate` starts by reading a few files instead of ~100 modules.
// Run by `pnpm build` after tsc. Only the app's own code and yargs are bundled: the workspace
// packages (@authstate/*) and their dependencies stay ordinary imports, so each exists once per
// process (AuthstateError is one class) and native addons load from their own packages.
// Built-in modules are loaded with require(): their ES-module facades cost milliseconds each at
// start-up (`node:util`, `node:crypto`, `node:readline`…), the CommonJS objects nothing.
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

// Node's built-in modules, minus `module` itself (the banner imports it as an ES module).
const BUILTINS = new Set(builtinModules.filter((m) => m !== 'module'));
const BUNDLED = /^(yargs|yargs\/.+|cliui|y18n|yargs-parser|escalade\/sync)$/;
const BUILTIN_CJS = 'builtin-cjs';

await build({
  entryPoints: { cli: 'dist/cli.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [
    {
      name: 'authstate-externals',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.namespace === BUILTIN_CJS) return { path: args.path, external: true };
          const bare = args.path.replace(/^node:/, '');
          if (isBuiltin(bare)) return { path: `node:${bare}`, namespace: BUILTIN_CJS };
          return BUNDLED.test(args.path) ? undefined : { external: true };
        });
        b.onLoad({ filter: /.*/, namespace: BUILTIN_CJS }, (args) => ({
          contents: `module.exports = require(${JSON.stringify(args.path)});`,
          loader: 'js',
        }));
      },
    },
  ],
});

function isBuiltin(name) {
  return BUILTINS.has(name.split('/')[0]);
}
