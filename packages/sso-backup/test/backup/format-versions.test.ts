import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { FORMAT_VERSION, FrameType } from '../../src/backup/bundle/format.js';
import { backup, restore, sqlOfBundle, verify } from '../../src/backup/index.js';
import { asOldFormat, assemble, type RawFrame, rawBundle } from './craft-bundle.js';
import { dumpServer, type TestServer, useServers } from './servers.js';

const server = useServers({ users: 2, attrsPerUser: 2 });
let src: TestServer;
let file: string;
let sqlFile: string;
let header: string;
let frames: RawFrame[];

beforeAll(async () => {
  src = await server('sqlite', true);
  file = join(src.dir, '..', 'v3.bundle');
  sqlFile = join(src.dir, '..', 'dump.sql');
  await backup(src.dir, file);
  await backup(src.dir, sqlFile, { format: 'sql' });
  ({ header, frames } = await rawBundle(file));
});

async function sqlText(path: string): Promise<string> {
  let text = '';
  for await (const t of sqlOfBundle(path)) text += t;
  return text;
}

describe('format 3: the rows are the only copy', () => {
  test('no D frames; the SQL made from the rows is the --format sql dump byte for byte', async () => {
    expect(FORMAT_VERSION).toBe(3);
    expect(JSON.parse(header).version).toBe(3);
    expect(frames.filter((f) => f.type === FrameType.sql)).toEqual([]);
    expect(frames.some((f) => f.type === FrameType.canonicalRows)).toBe(true);
    const dump = await readFile(sqlFile, 'utf8');
    expect(dump).toContain('INSERT INTO zato_sso_attr VALUES(');
    expect(await sqlText(file)).toBe(dump);
  });

  test('a D frame in a format 3 bundle is CORRUPT, the target unchanged', async () => {
    const at = frames.findIndex((f) => f.type === FrameType.manifest);
    const crafted = [
      ...frames.slice(0, at),
      { type: FrameType.sql, payload: Buffer.from('DROP TABLE zato_sso_user;\n') },
      ...frames.slice(at),
    ];
    const path = join(src.dir, '..', 'v3-with-d.bundle');
    await writeFile(path, assemble(header, crafted));
    const dst = await server('sqlite');
    const before = await dumpServer(dst);
    await expect(restore(path, dst.dir)).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringMatching(/sql, which format 3 does not have/),
    });
    expect(await dumpServer(dst)).toEqual(before);
  });
});

describe.each([2, 1] as const)('format %i bundles (with their D frames) are still read', (version) => {
  test('restore gives the same rows, verify passes, and their SQL is their D frames', async () => {
    const marker = `-- the D frame of a format ${version} bundle\n`;
    const path = join(src.dir, '..', `v${version}.bundle`);
    await writeFile(path, asOldFormat(header, frames, version, marker));
    const dst = await server('sqlite');
    await restore(path, dst.dir, { keyAction: 'write' });
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    expect((await verify(path, dst.dir)).ok).toBe(true);
    expect(await sqlText(path)).toBe(marker);
  });
});
