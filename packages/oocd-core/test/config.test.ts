import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { configBoolean, configNumber, loadOocdConfig, normalizeClass, openOocd, resolveConfigValues } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oocd-core-config-'));
});

async function script(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o700);
  return path;
}

describe('${env:} and ${exec:}', () => {
  test('values are substituted, also inside longer strings', async () => {
    const pw = await script('pw.sh', 'echo "  s3cret  "');
    const out = await resolveConfigValues(
      { dataUser: '${env:OOCD_TEST_USER}', dataUserPassword: `\${exec:${pw}}`, url: 'postgres://${env:OOCD_TEST_HOST}:5432/db' },
      { OOCD_TEST_USER: 'alice', OOCD_TEST_HOST: 'db1' },
    );
    expect(out).toEqual({ dataUser: 'alice', dataUserPassword: 's3cret', url: 'postgres://db1:5432/db' });
  });

  test('a missing variable is a CONFIG error naming the option and variable', async () => {
    await expect(resolveConfigValues({ dataUser: '${env:NOPE_NOT_SET}' }, {})).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('`dataUser` refers to ${env:NOPE_NOT_SET}'),
    });
  });

  test('a failing script is a CONFIG error that never shows its output', async () => {
    const bad = await script('bad.sh', 'echo "leaked-secret-value"; echo "leaked-secret-stderr" >&2; exit 3');
    const err = await resolveConfigValues({ dataUserPassword: `\${exec:${bad}}` }).catch((e) => e);
    expect(err).toMatchObject({ code: 'CONFIG' });
    expect(err.message).toContain('exited with status 3');
    expect(err.message).not.toContain('leaked-secret');
    expect(String(err.cause ?? '')).not.toContain('leaked-secret');
  });

  test('a script that does not exist is a CONFIG error', async () => {
    await expect(resolveConfigValues({ p: '${exec:/nonexistent/x.sh}' })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('ENOENT'),
    });
  });
});

describe('typed options', () => {
  test('numbers and booleans parse from strings and complain clearly', () => {
    expect(configNumber({ reaperInterval: '15' }, 'reaperInterval', 60)).toBe(15);
    expect(configNumber({}, 'reaperInterval', 60)).toBe(60);
    expect(() => configNumber({ reaperInterval: 'soon' }, 'reaperInterval', 60)).toThrow('`reaperInterval` must be a non-negative number');
    expect(configBoolean({ x: 'TRUE' }, 'x', false)).toBe(true);
    expect(() => configBoolean({ x: 'yes' }, 'x', false)).toThrow('must be true or false');
  });

  test("class names: ours, nevisAuth's, off", () => {
    expect(normalizeClass(undefined)).toBe('fs');
    expect(normalizeClass('ch.nevis.esauth.ooc.FileSystemOOCDService')).toBe('fs');
    expect(normalizeClass('ch.nevis.esauth.ooc.sql.SqlOOCDService')).toBe('sql');
    expect(normalizeClass('OFF')).toBe('off');
    expect(normalizeClass('./my-backend.js')).toBe('./my-backend.js');
  });
});

describe('openOocd', () => {
  test('a nevis-style file selecting memory, with ${env:} in it', async () => {
    const file = join(dir, 'memory.properties');
    await writeFile(file, '# memory\n-Dch.nevis.esauth.OutOfContextDataService.class=${env:OOCD_TEST_CLASS}\nreaperInterval=0\n');
    process.env.OOCD_TEST_CLASS = 'memory';
    const oocd = await openOocd(file);
    await oocd.set('/a', 'v', { ttlMs: 1000 });
    expect((await oocd.get('/a'))?.value).toBe('v');
    await oocd.close();
  });

  test('class=off gives a service whose calls fail with DISABLED', async () => {
    const oocd = await openOocd({ class: 'off' });
    await expect(oocd.get('/a')).rejects.toMatchObject({ code: 'DISABLED', message: expect.stringContaining('disabled (class=off)') });
    await expect(oocd.set('/a', 'v', { ttlMs: 1 })).rejects.toMatchObject({ code: 'DISABLED' });
    await oocd.close();
  });

  test('a custom backend module is loaded by path and receives the config', async () => {
    const mod = join(dir, 'custom-backend.mjs');
    const core = new URL('../src/index.ts', import.meta.url).pathname;
    await writeFile(
      mod,
      `export async function createOocdDriver(config) {
         const { MemoryDriver } = await import(${JSON.stringify(core)});
         const d = new MemoryDriver();
         return Object.assign(d, { name: 'custom:' + config.flavour, get: async (k, now) => k === '/hello' ? { key: k, value: 'from custom ' + config.flavour, expiresAt: new Date(now.getTime() + 1000), metadata: {} } : undefined });
       }`,
    );
    const oocd = await openOocd({ class: mod, flavour: 'vanilla', reaperInterval: 0 });
    expect((await oocd.get('/hello'))?.value).toBe('from custom vanilla');
    await oocd.close();
  });

  test('a module without a factory, or missing, is a CONFIG error', async () => {
    const mod = join(dir, 'no-factory.mjs');
    await writeFile(mod, 'export const x = 1;\n');
    await expect(openOocd({ class: mod })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('does not export createOocdDriver'),
    });
    await expect(openOocd({ class: '@authstate/no-such-backend' })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('is not installed'),
    });
  });

  test('a missing config file is a CONFIG error naming it', async () => {
    await expect(loadOocdConfig(join(dir, 'nope.properties'))).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('nope.properties'),
    });
  });

  test('the reaper timer deletes expired entries in the background', async () => {
    // The injected clock decides what is expired; the timer's own runs are awaited as events
    // (onReaperRun), so a slow machine only makes the test take longer.
    let t = Date.now();
    const runs: number[] = [];
    let ran: () => void = () => {};
    const oocd = await openOocd(
      { class: 'memory', reaperInterval: 0.05 },
      {
        now: () => new Date(t),
        onReaperRun: (n) => {
          runs.push(n);
          ran();
        },
      },
    );
    const nextRun = () => new Promise<void>((resolve) => (ran = resolve));
    await oocd.set('/r', 'v', { ttlMs: 10 });
    await nextRun();
    expect(runs.at(-1)).toBe(0); // not expired yet by the injected clock: nothing deleted
    t += 1000;
    await nextRun();
    expect(runs.at(-1)).toBe(1);
    t -= 1000; // back before expiry: only a real deletion can make it absent now
    expect(await oocd.get('/r')).toBeUndefined();
    await oocd.close();
  });
});
