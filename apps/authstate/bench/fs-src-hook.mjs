// Preloaded into the `oocd serve` process by bench/serve-load.ts when BENCH_FS_SRC names other
// oocd-fs sources (before/after in one run): makes `import('@authstate/oocd-fs')` load the
// TypeScript sources at AUTHSTATE_BENCH_FS_INDEX (through tsx, preloaded before this file).
import { register } from 'node:module';

const index = process.env.AUTHSTATE_BENCH_FS_INDEX;
if (index) {
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier === '@authstate/oocd-fs') return next(${JSON.stringify(index)}, context);
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
