import { describe, expect, test } from '@jest/globals';
import { runCli } from './helpers/cli.js';

const COMMANDS = [
  [],
  ['oocd'],
  ['oocd', 'put'],
  ['oocd', 'get'],
  ['oocd', 'take'],
  ['oocd', 'ls'],
  ['oocd', 'rm'],
  ['oocd', 'reap'],
  ['oocd', 'schema'],
  ['oocd', 'migrate'],
  ['oocd', 'serve'],
  ['oocd', 'nodes'],
  ['oocd', 'nodes', 'status'],
  ['oocd', 'nodes', 'purge-binlogs'],
  ['sso'],
  ['sso', 'backup'],
  ['sso', 'restore'],
  ['sso', 'verify'],
  ['sso', 'login'],
  ['sso', 'init-server'],
  ['demo'],
];

describe('authstate as a Unix tool', () => {
  // Independent processes: up to maxConcurrency (5) at a time.
  test.concurrent.each(COMMANDS.map((c) => [c.join(' ') || '(top)', c]))('--help on %s: exit 0, usage on stdout', async (_name, words) => {
    const r = await runCli([...(words as string[]), '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`authstate ${(words as string[]).join(' ')}`.trim());
    expect(r.stdout).toContain('--help');
  });

  test('a typo in a command suggests the right one, exit 2', async () => {
    const [r, sub] = await Promise.all([runCli(['ocdd']), runCli(['oocd', 'tak', '/a'])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean oocd\?/);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/Did you mean take\?/);
  });

  test('an unknown option, a missing subcommand or argument is a usage error (exit 2)', async () => {
    const cases = [['oocd', 'get', '/a', '--nope'], ['oocd'], ['oocd', 'get'], []];
    for (const r of await Promise.all(cases.map((args) => runCli(args)))) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });

  test('completion prints a shell completion script', async () => {
    const r = await runCli(['completion']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('_authstate_yargs_completions');
  });

  test('errors are one line on stderr; --debug adds the stack', async () => {
    const [r, d] = await Promise.all([
      runCli(['oocd', 'get', '/a', '--backend', 'off']),
      runCli(['oocd', 'get', '/a', '--backend', 'off', '--debug']),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^\[authstate\] \[oocd-core\] .*disabled/);
    expect(d.code).toBe(1);
    expect(d.stderr.trim().split('\n').length).toBeGreaterThan(2);
    expect(d.stderr).toMatch(/\n\s+at /);
  });

  test('invalid keys, durations and instants are usage errors naming the rule', async () => {
    const cases: [string[], RegExp][] = [
      [['oocd', 'get', 'relative', '--backend', 'memory'], /must start with "\/"/],
      [['oocd', 'put', '/a/../b', 'v', '--backend', 'memory'], /"\.\." segment/],
      [['oocd', 'put', '/a', 'v', '--ttl', '5 minutes', '--backend', 'memory'], /not a duration/],
      [['oocd', 'put', '/a', 'v', '--expires', '2030-01-01T00:00:00', '--backend', 'memory'], /with a zone/],
      [['oocd', 'put', '/a', 'v', '--ttl', '1m', '--expires', '2030-01-01T00:00:00Z', '--backend', 'memory'], /mutually exclusive/],
      [['oocd', 'put', '/a', 'v', '--meta', 'novalue', '--backend', 'memory'], /NAME=VALUE/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    cases.forEach(([args, message], i) => {
      const r = results[i] as Awaited<ReturnType<typeof runCli>>;
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    });
  });

  test('a missing config file is a clear error (exit 1), also via AUTHSTATE_OOCD_CONFIG', async () => {
    const [r, e] = await Promise.all([
      runCli(['oocd', 'ls', '/', '--config', '/nonexistent/oocd.properties']),
      runCli(['oocd', 'ls', '/'], { env: { AUTHSTATE_OOCD_CONFIG: '/nonexistent/env.properties' } }),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot read config file \/nonexistent\/oocd\.properties/);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/env\.properties/);
  });
});
