import { spawn } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { APP_DIR, type CliResult, runCli, useTempDir } from './helpers/cli.js';

const tmp = useTempDir();

/** Runs `authstate ARGS` with stdin, stdout and stderr on a pseudo-terminal (util-linux `script`). */
function runInTerminal(args: string[], timeoutMs = 240_000): Promise<CliResult> {
  const command = [process.execPath, join(APP_DIR, 'bin/authstate.js'), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    // If the command waited for terminal input, nothing would end it but this.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out, stderr: '' });
    });
  });
}

describe('put: hostile and careless command lines', () => {
  test('--ttl -5m, an absurd --ttl and a day that does not exist are usage errors (exit 2) saying what is wrong', async () => {
    const dir = join(tmp.dir, 'ttl');
    const cases: [string[], RegExp][] = [
      [['--ttl', '-5m'], /--ttl "-5m" is negative/],
      [['--ttl=-5m'], /--ttl "-5m" is negative/],
      [['--ttl', '99999999999d'], /--ttl "99999999999d" is too long/],
      [['--ttl', `${'9'.repeat(400)}d`], /is too long/],
      [['--ttl', '0s'], /is zero/],
      [['--expires', '2030-02-31T00:00:00Z'], /"2030-02-31T00:00:00Z" names a day that does not exist/],
      [['--expires', '+275760-09-13T00:00:00Z'], /not an ISO 8601 instant/],
      [['--expires', '10000-01-01T00:00:00Z'], /not an ISO 8601 instant/],
    ];
    const results = await Promise.all(cases.map(([opts]) => runCli(['oocd', 'put', '/t', 'v', '--dir', dir, ...opts])));
    cases.forEach(([opts, message], i) => {
      const r = results[i] as CliResult;
      expect({ opts, code: r.code }).toEqual({ opts, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/Unknown argument/);
    });
    expect((await runCli(['oocd', 'get', '/t', '--dir', dir])).code).toBe(3);
  }, 600_000);

  test('after --, the one word is the VALUE (it may start with -); more is a usage error, and stdin is never stored', async () => {
    const cwd = join(tmp.dir, 'dashdash');
    await mkdir(cwd);
    const dir = join(tmp.dir, 'dd-store');
    const extra = await runCli(['oocd', 'put', '/a', '--', '-x', '--dir', join(cwd, 'X')], { cwd, input: 'from stdin\n' });
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/Unexpected argument\(s\) after the value: --dir .*X/);
    expect(await readdir(cwd)).toEqual([]); // neither ./data/oocd nor X
    const both = await runCli(['oocd', 'put', '/a', 'v', '--dir', dir, '--', '-x'], { cwd });
    expect(both.code).toBe(2);
    const dash = await runCli(['oocd', 'put', '/a', '--dir', dir, '--ttl', '5m', '--', '-x'], { cwd, input: 'from stdin\n' });
    expect(dash.code).toBe(0);
    expect((await runCli(['oocd', 'get', '/a', '--dir', dir])).stdout).toBe('-x\n');
    expect(await readdir(cwd)).toEqual([]);
  }, 600_000);

  test('--meta __proto__, constructor and prototype are refused (exit 2), nothing stored', async () => {
    const dir = join(tmp.dir, 'meta');
    const names = ['__proto__', 'constructor', 'prototype'];
    const results = await Promise.all(names.map((n) => runCli(['oocd', 'put', '/m', 'v', '--dir', dir, '--meta', `${n}=x`])));
    results.forEach((r, i) => {
      expect({ name: names[i], code: r.code }).toEqual({ name: names[i], code: 2 });
      expect(r.stderr).toMatch(/is reserved/);
    });
    const twice = await runCli(['oocd', 'put', '/m', 'v', '--dir', dir, '--meta', 'a=1', '--meta', 'a=2']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/--meta a is given twice/);
    expect((await runCli(['oocd', 'get', '/m', '--dir', dir])).code).toBe(3);
  }, 600_000);

  test('put --if-absent on a live entry exits 3 with a message and keeps the entry', async () => {
    const dir = join(tmp.dir, 'ifabsent');
    expect((await runCli(['oocd', 'put', '/once', 'first', '--if-absent', '--dir', dir])).code).toBe(0);
    const again = await runCli(['oocd', 'put', '/once', 'second', '--if-absent', '--dir', dir]);
    expect(again.code).toBe(3);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/\/once exists already .*--if-absent stored nothing/);
    expect((await runCli(['oocd', 'get', '/once', '--dir', dir])).stdout).toBe('first\n');
  }, 600_000);

  test('put with no VALUE and stdin a terminal is a usage error at once (no silent wait)', async () => {
    const dir = join(tmp.dir, 'tty');
    const r = await runInTerminal(['oocd', 'put', '/x', '--dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/No VALUE: give it as an argument .* or pipe it on stdin/);
    expect((await runCli(['oocd', 'get', '/x', '--dir', dir])).code).toBe(3);
  }, 600_000);
});

describe('backend URLs', () => {
  test('a bad URL scheme is a usage error (exit 2) for data commands and schema', async () => {
    const [ls, schema] = await Promise.all([
      runCli(['oocd', 'ls', '/', '--url', 'oracle://h/db']),
      runCli(['oocd', 'schema', '--url', 'oracle://h/db']),
    ]);
    for (const r of [ls, schema]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--url: Unsupported database URL oracle:\/\/h\/db/);
    }
  });

  test('serve on a SQLite file in a missing directory names it (exit 1)', async () => {
    const r = await runCli(['oocd', 'serve', '--url', 'sqlite:/nonexistent/dir/x.sqlite', '--insecure-no-auth', '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/\/nonexistent\/dir/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('help', () => {
  test.each([
    ['oocd', 'put'],
    ['oocd', 'migrate'],
    ['oocd', 'serve'],
    ['oocd', 'nodes', 'status'],
    ['sso', 'backup'],
    ['sso', 'restore'],
  ])('examples of %s %s are never wrapped: each is one whole line to copy', async (...words) => {
    const r = await runCli([...words, '--help'], { env: { COLUMNS: '40' } });
    expect(r.code).toBe(0);
    const examples = r.stdout.split('Examples:\n')[1]?.split('\n\n')[0] ?? '';
    const lines = examples.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^ {2}(authstate |echo |[A-Z_]+=)/);
  });
});
