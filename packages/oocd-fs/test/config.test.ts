import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openOocd } from '@authstate/oocd-core';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createOocdDriver, FsOocdDriver } from '../src/index.js';
import { cleanupDirs, freshDir } from './helpers.js';

afterAll(cleanupDirs);

describe('configuration', () => {
  test('createOocdDriver reads nevisAuth option names, strings included, and creates dir 0700', async () => {
    const dir = join(await freshDir(), 'nested', 'data');
    const driver = (await createOocdDriver({ dir, reaperInterval: '15', lockGloballyWhenReaping: 'false' })) as FsOocdDriver;
    expect(driver).toBeInstanceOf(FsOocdDriver);
    expect(driver.defaultReaperIntervalSec).toBe(15);
    expect(driver.options.lockGloballyWhenReaping).toBe(false);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await driver.close();
  });

  test('defaults: ./data/oocd, reaper every 60 s, global lock when reaping', async () => {
    const driver = (await createOocdDriver({})) as FsOocdDriver;
    expect(driver.options.dir).toBe(join(process.cwd(), 'data', 'oocd'));
    expect(driver.defaultReaperIntervalSec).toBe(60);
    expect(driver.options.lockGloballyWhenReaping).toBe(true);
    await driver.close();
    const { rm } = await import('node:fs/promises');
    await rm(join(process.cwd(), 'data'), { recursive: true, force: true });
  });

  test('openOocd loads this backend from a nevisAuth properties file', async () => {
    const dir = await freshDir();
    const file = join(dir, 'oocd.properties');
    await writeFile(
      file,
      [
        '-Dch.nevis.esauth.OutOfContextDataService.class=ch.nevis.esauth.ooc.FileSystemOOCDService',
        `-Dch.nevis.esauth.OutOfContextDataService.dir=${join(dir, 'data')}`,
        '-Dch.nevis.esauth.OutOfContextDataService.reaperInterval=0',
      ].join('\n'),
    );
    const oocd = await openOocd(file);
    await oocd.set('/k', 'v', { ttlMs: 60_000 });
    expect((await stat(join(dir, 'data', 'k.entry'))).isFile()).toBe(true);
    await oocd.close();
  });

  test('an unusable dir is a CONFIG error', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'file'), '');
    await expect(createOocdDriver({ dir: join(dir, 'file', 'sub') })).rejects.toMatchObject({ code: 'CONFIG' });
  });
});
