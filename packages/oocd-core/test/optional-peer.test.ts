import { describe, expect, test } from '@jest/globals';
import { importOptionalPeer } from '../src/index.js';

const peer = { owner: '@authstate/example', name: 'authstate-no-such-driver', purpose: 'The example dialect', version: '1' };

describe('importOptionalPeer', () => {
  test('returns the module when it loads', async () => {
    const mod = await importOptionalPeer({ ...peer, name: 'node:path' }, () => import('node:path'));
    expect(typeof mod.join).toBe('function');
  });

  test('a missing package is a CONFIG error naming the package to install', async () => {
    // A real import of a package that is not installed: Node's own resolver fails.
    const load = () => import(peer.name);
    await expect(importOptionalPeer(peer, load)).rejects.toMatchObject({
      code: 'CONFIG',
      scope: 'example',
      message: expect.stringContaining('npm install authstate-no-such-driver@1'),
    });
  });

  test('a package that is installed but fails to load says so, with the cause', async () => {
    const broken = new Error('invalid ELF header');
    await expect(importOptionalPeer(peer, () => Promise.reject(broken))).rejects.toMatchObject({
      code: 'CONFIG',
      cause: broken,
      message: expect.stringContaining('npm rebuild authstate-no-such-driver'),
    });
  });
});
