import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { extractBlocks, planUnits, runUnits } from '../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'docs-test-units-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('runs blocks to their end: exit 0 passes, a failing command under -e fails with its output', async () => {
  const blocks = extractBlocks(
    'A.md',
    '```sh\necho fine\n```\n```sh\necho before\nfalse\necho never\n```\n```js\nconsole.log(1 + 1)\n```\n',
  );
  const results = runUnits(planUnits(blocks), {
    workRoot: join(work, 'a'),
    repoRoot: work,
    env: process.env,
    concurrency: 2,
    timeoutMs: 60_000,
  });
  const [ok, bad, js] = await Promise.all(blocks.map((b) => results.get(b)!));
  expect(ok).toMatchObject({ ok: true, exitCode: 0, output: 'fine\n' });
  expect(bad).toMatchObject({ ok: false, exitCode: 1, output: 'before\n' });
  expect(js).toMatchObject({ ok: true, output: '2\n' });
});

test('a background block runs until its check passes, its followers run beside it, then its whole process group is stopped', async () => {
  const md = [
    '<!-- docs-test: background, then: test -s pid -->',
    '```sh',
    'sleep 1000 & echo $! > pid',
    'wait',
    '```',
    '<!-- docs-test: with-previous -->',
    '```sh',
    'kill -0 "$(cat pid)" && cat pid',
    '```',
  ].join('\n');
  const blocks = extractBlocks('B.md', md);
  const results = runUnits(planUnits(blocks), {
    workRoot: join(work, 'b'),
    repoRoot: work,
    env: process.env,
    concurrency: 1,
    timeoutMs: 60_000,
  });
  const follower = await results.get(blocks[1]!)!;
  expect(follower.ok).toBe(true);
  const sleeper = Number(follower.output.trim());
  expect(sleeper).toBeGreaterThan(0);
  expect((await results.get(blocks[0]!)!).ok).toBe(true);
  expect(alive(sleeper)).toBe(false);
});

test('a background block whose check never passes fails, and its followers are reported as not run', async () => {
  const md = '<!-- docs-test: background, then: false -->\n```sh\nexit 4\n```\n<!-- docs-test: with-previous -->\n```sh\ntrue\n```\n';
  const blocks = extractBlocks('C.md', md);
  const results = runUnits(planUnits(blocks), {
    workRoot: join(work, 'c'),
    repoRoot: work,
    env: process.env,
    concurrency: 1,
    timeoutMs: 60_000,
  });
  const [bg, follower] = await Promise.all(blocks.map((b) => results.get(b)!));
  expect(bg!.ok).toBe(false);
  expect(bg!.output).toMatch(/it ended before its check passed/);
  expect(follower).toMatchObject({ ok: false, output: expect.stringMatching(/not run: the background block before it failed/) });
});

test('a block that does not end is stopped at the timeout and fails as timed out', async () => {
  const blocks = extractBlocks('D.md', '```sh\nsleep 1000\n```\n');
  const results = runUnits(planUnits(blocks), {
    workRoot: join(work, 'd'),
    repoRoot: work,
    env: process.env,
    concurrency: 1,
    timeoutMs: 500,
  });
  expect(await results.get(blocks[0]!)!).toMatchObject({ ok: false, timedOut: true });
});

test('an in-folder block runs in its README folder and leaves no file behind', async () => {
  const blocks = extractBlocks('sub/README.md', '<!-- docs-test: in-folder -->\n```sh\npwd > "$OUT"\n```\n');
  const out = join(work, 'in-folder-pwd');
  const sub = join(work, 'sub');
  rmSync(sub, { recursive: true, force: true });
  mkdirSync(sub);
  const results = runUnits(planUnits(blocks), {
    workRoot: join(work, 'e'),
    repoRoot: work,
    env: { ...process.env, OUT: out },
    concurrency: 1,
    timeoutMs: 60_000,
  });
  expect((await results.get(blocks[0]!)!).ok).toBe(true);
  expect(readFileSync(out, 'utf8').trim()).toBe(sub);
  expect(readdirSync(sub)).toEqual([]);
});
