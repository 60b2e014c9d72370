import { expect } from '@jest/globals';
import { runCli } from './cli.js';

/**
 * Exercises every one-shot `oocd` command as a subprocess against one backend (given by its
 * options), checking exit codes, stdout and stderr. `prefix` keeps runs apart. Commands that do
 * not depend on each other run as concurrent processes (which the backends must allow anyway);
 * each phase starts when the one before has finished.
 */
export async function oocdCommandFlow(backend: string[], prefix: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const cli = (args: string[], input?: string) => runCli([...args, ...backend], { env, ...(input === undefined ? {} : { input }) });
  const k = (s: string) => `${prefix}${s}`;

  // 1. Writes of five different keys.
  const [putA, putB, putC, putD, putOld] = await Promise.all([
    cli(['oocd', 'put', k('/a'), 'hello wörld', '--meta', 'issuer=idp=1', '--meta', 'n=2', '--ttl', '1h']),
    cli(['oocd', 'put', k('/b')], 'line 1\nline 2\n'),
    cli(['oocd', 'put', k('/c'), 'taken once', '--if-absent', '--expires', '2099-12-31T00:00:00Z']),
    cli(['oocd', 'put', k('/sub/d'), 'deep']),
    cli(['oocd', 'put', k('/old'), 'v', '--expires', '2001-01-01T00:00:00Z']),
  ]);
  expect(putA).toEqual({ code: 0, stdout: '', stderr: '' });
  expect(putB.code).toBe(0);
  expect(putC.code).toBe(0);
  expect(putD.code).toBe(0);
  expect(putOld.code).toBe(0);

  // 2. Reads, listings, and a create that must not overwrite.
  const before = Date.now();
  const [getA, getJson, getB, ifAbsent, getOld, ls, lsJson] = await Promise.all([
    cli(['oocd', 'get', k('/a')]),
    cli(['oocd', 'get', k('/a'), '--json']),
    cli(['oocd', 'get', k('/b')]),
    cli(['oocd', 'put', k('/a'), 'other', '--if-absent']),
    cli(['oocd', 'get', k('/old')]),
    cli(['oocd', 'ls', prefix]),
    cli(['oocd', 'ls', prefix, '--recursive', '--json']),
  ]);
  expect(getA).toEqual({ code: 0, stdout: 'hello wörld\n', stderr: '' });
  expect(getJson.code).toBe(0);
  const entry = JSON.parse(getJson.stdout);
  expect(Object.keys(entry)).toEqual(['key', 'value', 'expiresAt', 'metadata']);
  expect(entry).toMatchObject({ key: k('/a'), value: 'hello wörld', metadata: { issuer: 'idp=1', n: '2' } });
  expect(entry.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const ttl = Date.parse(entry.expiresAt) - before;
  expect(ttl).toBeGreaterThan(3_500_000);
  expect(ttl).toBeLessThanOrEqual(3_600_000);
  expect(getB.stdout).toBe('line 1\nline 2\n');
  expect(ifAbsent.code).toBe(3);
  expect(getOld.code).toBe(3);
  expect(getOld.stdout).toBe('');
  expect(getOld.stderr).toMatch(/no such entry/);
  expect(ls).toEqual({ code: 0, stdout: `${k('/a')}\n${k('/b')}\n${k('/c')}\n`, stderr: '' });
  expect(JSON.parse(lsJson.stdout).map((e: { key: string }) => e.key)).toEqual([k('/a'), k('/b'), k('/c'), k('/sub/d')]);
  expect(JSON.parse(lsJson.stdout)[2].expiresAt).toBe('2099-12-31T00:00:00.000Z');

  // 3. After the refused create: /a unchanged; take /c; reap the expired /old; rm of nothing.
  const [getAAgain, take, reap, rmNothing] = await Promise.all([
    cli(['oocd', 'get', k('/a')]),
    cli(['oocd', 'take', k('/c'), '--json']),
    cli(['oocd', 'reap']),
    cli(['oocd', 'rm', k('/nothing')]),
  ]);
  expect(getAAgain.stdout).toBe('hello wörld\n');
  expect(take.code).toBe(0);
  expect(JSON.parse(take.stdout).value).toBe('taken once');
  expect(reap.code).toBe(0);
  expect(Number(reap.stdout)).toBeGreaterThanOrEqual(1);
  expect(rmNothing).toMatchObject({ code: 3, stdout: '0\n' });

  // 4. Taken means gone; the subtree (a, b, sub/d) goes in one rm.
  const [takeAgain, rm] = await Promise.all([cli(['oocd', 'take', k('/c')]), cli(['oocd', 'rm', prefix, '--recursive'])]);
  expect(takeAgain.code).toBe(3);
  expect(rm).toEqual({ code: 0, stdout: '3\n', stderr: '' });
  expect((await cli(['oocd', 'ls', prefix, '--recursive'])).stdout).toBe('');
}
