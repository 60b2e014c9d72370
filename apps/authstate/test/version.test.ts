import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { runCli } from './helpers/cli.js';

describe('authstate --version', () => {
  test('prints the package version, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
