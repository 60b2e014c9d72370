// Docs that run (issue #12): every ```sh/bash, ```ts and ```js/mjs block of every README, run as a reader
// would — shell blocks with bash -euo pipefail and the workspace's `authstate` on PATH, TypeScript with
// node + tsx, JavaScript with node — each in a fresh folder inside this package, so `@authstate/*`
// resolve from its node_modules (built dist, as installed packages would be). One test per block,
// named <file>:<line>; blocks marked `<!-- docs-test: skip (reason) -->` are reported as skipped.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from '@jest/globals';
import { extractBlocks, findReadmes, planUnits, runUnits } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const root = resolve(pkg, '../..');

// AUTHSTATE_DOCS_TEST_ONLY=packages/oocd-core runs only the blocks whose <file>:<line> contains it.
const only = process.env.AUTHSTATE_DOCS_TEST_ONLY ?? '';
const blocks = findReadmes(root)
  .flatMap((file) => extractBlocks(file, readFileSync(join(root, file), 'utf8')))
  .filter((b) => `${b.file}:${b.line}`.includes(only));
// Folders a killed earlier run may have left.
rmSync(join(pkg, '.tmp'), { recursive: true, force: true });
const { NODE_OPTIONS: _jestsNodeOptions, ...inherited } = process.env;
const results = runUnits(planUnits(blocks), {
  workRoot: join(pkg, '.tmp'),
  repoRoot: root,
  env: { ...inherited, PATH: `${join(pkg, 'node_modules/.bin')}:${process.env.PATH}`, NO_COLOR: '1' },
  concurrency: Number(process.env.AUTHSTATE_DOCS_TEST_CONCURRENCY ?? 3),
  timeoutMs: 240_000,
});

for (const block of blocks) {
  const name = `${block.file}:${block.line}`;
  if (block.directive.kind === 'skip') {
    test.skip(`${name} — skipped: ${block.directive.reason}`, () => {});
    continue;
  }
  test(name, async () => {
    const r = await results.get(block)!;
    if (!r.ok) {
      const how = r.timedOut ? 'timed out' : r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
      throw new Error(`${name} (${block.lang}) failed: ${how}\n--- block ---\n${block.code}--- output ---\n${r.output}`);
    }
  });
}

test('every README has been read and the count of skipped blocks is reported', () => {
  expect(blocks.length).toBeGreaterThan(0);
  const lines = findReadmes(root).map((file) => {
    const mine = blocks.filter((b) => b.file === file);
    const skipped = mine.filter((b) => b.directive.kind === 'skip');
    return `  ${file}: ${mine.length - skipped.length} run, ${skipped.length} skipped`;
  });
  const skipped = blocks.filter((b) => b.directive.kind === 'skip');
  process.stdout.write(
    `[docs-test] ${blocks.length} blocks: ${blocks.length - skipped.length} run, ${skipped.length} skipped\n${lines.join('\n')}\n` +
      skipped.map((b) => `  skipped ${b.file}:${b.line}: ${b.directive.kind === 'skip' ? b.directive.reason : ''}`).join('\n') +
      '\n',
  );
});

afterAll(async () => {
  await Promise.all(results.values());
  rmSync(join(pkg, '.tmp'), { recursive: true, force: true });
});
