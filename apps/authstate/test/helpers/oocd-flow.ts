import { expect } from '@jest/globals';
import { runCli } from './cli.js';

/**
 * Exercises every one-shot `oocd` command as a subprocess against one backend (given by its
 * options), checking exit codes, stdout and stderr. `prefix` keeps runs apart.
 */
export async function oocdCommandFlow(backend: string[], prefix: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const cli = (args: string[], input?: string) => runCli([...args, ...backend], { env, ...(input === undefined ? {} : { input }) });
  const k = (s: string) => `${prefix}${s}`;

  let r = await cli(['oocd', 'put', k('/a'), 'hello wörld', '--meta', 'issuer=idp=1', '--meta', 'n=2', '--ttl', '1h']);
  expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  r = await cli(['oocd', 'get', k('/a')]);
  expect(r).toEqual({ code: 0, stdout: 'hello wörld\n', stderr: '' });

  const before = Date.now();
  r = await cli(['oocd', 'get', k('/a'), '--json']);
  expect(r.code).toBe(0);
  const entry = JSON.parse(r.stdout);
  expect(Object.keys(entry)).toEqual(['key', 'value', 'expiresAt', 'metadata']);
  expect(entry).toMatchObject({ key: k('/a'), value: 'hello wörld', metadata: { issuer: 'idp=1', n: '2' } });
  expect(entry.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const ttl = Date.parse(entry.expiresAt) - before;
  expect(ttl).toBeGreaterThan(3_500_000);
  expect(ttl).toBeLessThanOrEqual(3_600_000);

  r = await cli(['oocd', 'put', k('/b')], 'line 1\nline 2\n');
  expect(r.code).toBe(0);
  expect((await cli(['oocd', 'get', k('/b')])).stdout).toBe('line 1\nline 2\n');

  expect((await cli(['oocd', 'put', k('/a'), 'other', '--if-absent'])).code).toBe(3);
  expect((await cli(['oocd', 'get', k('/a')])).stdout).toBe('hello wörld\n');
  expect((await cli(['oocd', 'put', k('/c'), 'taken once', '--if-absent', '--expires', '2099-12-31T00:00:00Z'])).code).toBe(0);
  expect((await cli(['oocd', 'put', k('/sub/d'), 'deep'])).code).toBe(0);

  expect((await cli(['oocd', 'put', k('/old'), 'v', '--expires', '2001-01-01T00:00:00Z'])).code).toBe(0);
  r = await cli(['oocd', 'get', k('/old')]);
  expect(r.code).toBe(3);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/no such entry/);

  r = await cli(['oocd', 'ls', prefix]);
  expect(r).toEqual({ code: 0, stdout: `${k('/a')}\n${k('/b')}\n${k('/c')}\n`, stderr: '' });
  r = await cli(['oocd', 'ls', prefix, '--recursive', '--json']);
  expect(JSON.parse(r.stdout).map((e: { key: string }) => e.key)).toEqual([k('/a'), k('/b'), k('/c'), k('/sub/d')]);
  expect(JSON.parse(r.stdout)[2].expiresAt).toBe('2099-12-31T00:00:00.000Z');

  r = await cli(['oocd', 'take', k('/c'), '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).value).toBe('taken once');
  expect((await cli(['oocd', 'take', k('/c')])).code).toBe(3);

  r = await cli(['oocd', 'reap']);
  expect(r.code).toBe(0);
  expect(Number(r.stdout)).toBeGreaterThanOrEqual(1);

  r = await cli(['oocd', 'rm', k('/nothing')]);
  expect(r).toMatchObject({ code: 3, stdout: '0\n' });
  r = await cli(['oocd', 'rm', prefix, '--recursive']);
  expect(r).toEqual({ code: 0, stdout: '3\n', stderr: '' });
  expect((await cli(['oocd', 'ls', prefix, '--recursive'])).stdout).toBe('');
}
