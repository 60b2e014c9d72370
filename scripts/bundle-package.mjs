// Run by a package's `pnpm build` after tsc, in the package directory: bundles the compiled entry
// (dist/index.js and the modules it imports) into one file, dist/bundle.js, which the package's
// `exports` name as its JavaScript. A process that loads `@authstate/oocd-fs` then reads one file
// instead of ~30: ES-module loading was a third of the CLI's start-up (BENCHMARKS.md, "CLI
// start-up"). Every bare import — Node's built-in modules, dependencies, other @authstate packages —
// stays an import, so each package exists once per process (one AuthstateError class) and native
// addons load from their own packages. tsc's per-module files stay beside it for the type
// declarations and their source maps; the bundle's source map leads back to src/*.ts through them.
import { build } from 'esbuild';

await build({
  entryPoints: { bundle: 'dist/index.js' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'bundle-[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, () => ({ external: true }));
      },
    },
  ],
});
