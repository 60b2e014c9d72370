import { join } from 'node:path';
import { serverKinds } from '@authstate/test-support';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { backup, restore, verify } from '../../src/backup/index.js';
import { login, type ZatoEngine } from '../../src/zato/index.js';
import { countTokens, withPlaintext, zatoShapedFernetValues } from './fernet-data.js';
import { key1Of, key1Only, withOwnSsoKey1 } from './key-layouts.js';
import { booleanColumns, dumpServer, normalizeDump, secretsText, type TableDump, type TestServer, useServers } from './servers.js';

const SERVERS: ZatoEngine[] = serverKinds().map((k) => (k === 'mariadb' ? 'mysql' : 'postgresql'));
const ENGINES: ZatoEngine[] = ['sqlite', ...SERVERS];
const server = useServers({ users: 4, attrsPerUser: 4 });

/** One fixture server per engine, its Fernet values shaped as Zato writes them, and its bundle. */
const sources = new Map<ZatoEngine, { s: TestServer; file: string; notTokens: Record<string, number> }>();
let bools = new Set<string>();
beforeAll(async () => {
  for (const engine of ENGINES) {
    const s = await server(engine, true);
    const { notTokens } = await zatoShapedFernetValues(s);
    const file = join(s.dir, '..', `${engine}.bundle`);
    await backup(s.dir, file);
    sources.set(engine, { s, file, notTokens });
    if (engine === 'postgresql') bools = booleanColumns(await dumpServer(s));
  }
}, 600_000);

/** Same-engine pairs and a cycle across engines (every engine once as source and once as target). */
const PAIRS: [ZatoEngine, ZatoEngine][] = [
  ...ENGINES.map((e) => [e, e] as [ZatoEngine, ZatoEngine]),
  ...ENGINES.map((e, i) => [e, ENGINES[(i + 1) % ENGINES.length]] as [ZatoEngine, ZatoEngine]).filter(([a, b]) => a !== b),
];

/** Cross-engine comparable: engine differences mapped away first, then Fernet values as plaintext. */
const comparable = (d: TableDump, key: string, cross: boolean) => withPlaintext(cross ? normalizeDump(d, bools) : d, key);

describe.each(PAIRS)('rekey %s → %s (a key1-only target, as Zato 3.2 makes it)', (from, to) => {
  test('every Fernet value decrypts under the target key1, everything else identical; secrets.conf untouched; verify and login', async () => {
    const { s: src, file, notTokens } = sources.get(from) as { s: TestServer; file: string; notTokens: Record<string, number> };
    const dst = await server(to);
    const conf = await key1Only(dst);
    const r = await restore(file, dst.dir);
    expect(r).toMatchObject({ keyAction: 'rekey', targetKey: 'key1', crossEngine: from !== to });
    expect(r.rekey?.leftAsIs).toEqual(notTokens);
    expect(await secretsText(dst)).toBe(conf);

    const key1 = await key1Of(dst);
    const srcDump = await dumpServer(src);
    const dstDump = await dumpServer(dst);
    const cross = from !== to;
    expect(comparable(dstDump, key1, cross)).toEqual(comparable(srcDump, src.key, cross));
    expect(countTokens(dstDump, src.key)).toEqual({});
    expect(r.rekey?.reencrypted).toEqual(countTokens(srcDump, src.key));
    if (to === 'sqlite') {
      // Zato on SQLite keeps the user's Fernet values as BLOBs: so does the rekeyed restore
      for (const u of dstDump.zato_sso_user ?? []) if (u.password !== null) expect(u.password).toEqual({ blob: expect.any(String) });
    }

    const v = await verify(file, dst.dir);
    expect(v.tables.filter((t) => !t.ok)).toEqual([]);
    expect(v.fernetByPlaintext?.targetKey).toBe('key1');
    const user = src.users[0];
    if (!user) throw new Error('no fixture user');
    expect((await login(dst.dir, user.username, { password: user.password })).user_id).toBe(user.userId);
    await expect(login(dst.dir, user.username, { key: src.key })).rejects.toMatchObject({ code: 'WRONG_KEY' });
  }, 600_000);
});

describe.each(SERVERS)('write into a %s target with its own sso_key1', (engine) => {
  test('auto → write: rows byte-identical, sso_key1 replaced without force (fresh server), login with it', async () => {
    const { s: src, file } = sources.get(engine) as { s: TestServer; file: string };
    const dst = await server(engine);
    await withOwnSsoKey1(dst);
    const r = await restore(file, dst.dir);
    expect(r).toMatchObject({ keyAction: 'write', targetKey: 'sso_key1', keyPlacement: 'written' });
    expect(await dumpServer(dst)).toEqual(await dumpServer(src));
    expect(await secretsText(dst)).toContain(`sso_key1=${src.key}`);
    expect((await verify(file, dst.dir)).ok).toBe(true);
    const user = src.users[0];
    if (!user) throw new Error('no fixture user');
    expect((await login(dst.dir, user.username, { password: user.password })).user_id).toBe(user.userId);
  }, 600_000);
});
