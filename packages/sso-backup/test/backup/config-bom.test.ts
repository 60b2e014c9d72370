import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { checkBundle } from '../../src/backup/bundle/bundle-contents.js';
import { backup } from '../../src/backup/index.js';
import { readServerConfig } from '../../src/zato/index.js';
import { useServers } from './servers.js';

const server = useServers({ users: 1, attrsPerUser: 1 });

/** Rewrites a file the way a Windows editor saves it: a UTF-8 BOM and CRLF line endings. */
async function windowsSave(path: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  await writeFile(path, `\ufeff${text.replaceAll('\n', '\r\n')}`);
}

test('secrets.conf and server.conf with a BOM and CRLF: the server config and the SSO key are read as without', async () => {
  const src = await server('sqlite', true);
  const repo = join(src.dir, 'config', 'repo');
  const before = await readServerConfig(src.dir);
  await windowsSave(join(repo, 'secrets.conf'));
  await windowsSave(join(repo, 'server.conf'));
  expect(await readServerConfig(src.dir)).toEqual(before);
  const file = join(src.dir, '..', 'bom.bundle');
  const b = await backup(src.dir, file);
  expect(b.keyFrom).toBe('sso_key1');
  expect((await checkBundle(file)).key?.sso_key1).toBe(src.key);
});
