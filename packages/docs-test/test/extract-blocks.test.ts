import { describe, expect, test } from '@jest/globals';
import { extractBlocks, planUnits } from '../src/index.js';

const md = [
  '# Title', // 1
  '', // 2
  '```sh', // 3
  'echo one', // 4
  '```', // 5
  '<!-- docs-test: skip (an interface listing) -->', // 6
  '```ts', // 7
  'interface X { a(b): c }', // 8
  '```', // 9
  '```sql', // 10
  'SELECT 1;', // 11
  '```', // 12
  '1. A list item:', // 13
  '   ```bash', // 14
  '   echo indented', // 15
  '     echo deeper', // 16
  '   ```', // 17
  '<!-- docs-test: background, then: curl -sf http://127.0.0.1:1/healthz -->', // 18
  '', // 19
  '```mjs', // 20
  'await new Promise(() => {});', // 21
  '```', // 22
  '<!-- docs-test: with-previous -->', // 23
  '````js', // 24
  '```', // 25
  '````', // 26
  '```` ```sh ```` is inline code, not a fence', // 27
].join('\n');

describe('extractBlocks', () => {
  const blocks = extractBlocks('X.md', md);

  test('returns sh/bash, ts and js/mjs blocks with the line of their opening fence, and nothing else', () => {
    expect(blocks.map((b) => `${b.line} ${b.lang}`)).toEqual(['3 sh', '7 ts', '14 sh', '20 js', '24 js']);
  });

  test('keeps the code, removes the fence indentation of list items, and keeps nested fences of a longer fence', () => {
    expect(blocks[0]!.code).toBe('echo one\n');
    expect(blocks[2]!.code).toBe('echo indented\n  echo deeper\n');
    expect(blocks[4]!.code).toBe('```\n');
  });

  test('reads the directive on the last non-blank line before a block, and only there', () => {
    expect(blocks.map((b) => b.directive)).toEqual([
      { kind: 'run' },
      { kind: 'skip', reason: 'an interface listing' },
      { kind: 'run' },
      { kind: 'background', check: 'curl -sf http://127.0.0.1:1/healthz' },
      { kind: 'with-previous' },
    ]);
  });

  test('refuses a misspelt directive, a skip without a reason, a directive before a block never run, and an open fence', () => {
    expect(() => extractBlocks('Y.md', '<!-- docs-test: skpi (x) -->\n```sh\nls\n```\n')).toThrow(
      /Y\.md:1: unknown docs-test directive "skpi \(x\)"/,
    );
    expect(() => extractBlocks('Y.md', '<!-- docs-test: skip -->\n```sh\nls\n```\n')).toThrow(/unknown docs-test directive "skip"/);
    expect(() => extractBlocks('Y.md', '<!-- docs-test: skip (x) -->\n```sql\nSELECT 1;\n```\n')).toThrow(
      /"sql" block, which is never run/,
    );
    expect(() => extractBlocks('Y.md', 'text\n```sh\nls\n')).toThrow(/Y\.md:2: code block never closed/);
  });
});

describe('planUnits', () => {
  test('leaves skipped blocks out and groups a background block with its with-previous followers', () => {
    const units = planUnits(extractBlocks('X.md', md));
    expect(units.map((u) => u.map((b) => b.line))).toEqual([[3], [14], [20, 24]]);
  });

  test('refuses with-previous without a background block before it', () => {
    expect(() => planUnits(extractBlocks('Z.md', '```sh\nls\n```\n<!-- docs-test: with-previous -->\n```sh\nls\n```\n'))).toThrow(
      /Z\.md:5: "with-previous" needs a "background" block/,
    );
  });
});
