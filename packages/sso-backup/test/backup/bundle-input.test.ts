import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAuthstateError } from '@authstate/oocd-core';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { checkBundle } from '../../src/backup/bundle/bundle-contents.js';
import { readFrames } from '../../src/backup/bundle/bundle-reader.js';
import { BundleWriter } from '../../src/backup/bundle/bundle-writer.js';
import { ByteSink } from '../../src/backup/bundle/byte-sink.js';
import { newEncryption } from '../../src/backup/bundle/crypto.js';
import { FrameType, type FrameTypeByte, MAGIC } from '../../src/backup/bundle/format.js';
import { backup, restore } from '../../src/backup/index.js';
import { assemble, type RawFrame, rawBundle } from './craft-bundle.js';
import { dumpServer, secretsText, type TestServer, useServers } from './servers.js';

const PASS = 'correct horse battery staple';
const server = useServers({ users: 1, attrsPerUser: 1 });

let src: TestServer;
let dst: TestServer;
let plain: string;
let sealed: string;
let header: string;
let frames: RawFrame[];
let sealedHeader: Record<string, unknown>;
let n = 0;

beforeAll(async () => {
  src = await server('sqlite', true);
  dst = await server('sqlite');
  plain = join(src.dir, '..', 'plain.bundle');
  sealed = join(src.dir, '..', 'sealed.bundle');
  await backup(src.dir, plain);
  await backup(src.dir, sealed, { passphrase: PASS });
  ({ header, frames } = await rawBundle(plain));
  sealedHeader = JSON.parse((await rawBundle(sealed)).header) as Record<string, unknown>;
});

/** SHA-256 of the target's database file and of its secrets.conf (equal digests: byte-identical files). */
async function snapshot(s: TestServer): Promise<{ db: string; conf: string }> {
  const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  return { db: sha(await readFile(join(s.dir, 'zato.db'))), conf: sha(await secretsText(s)) };
}

/** Restores `bytes` into the target and expects `code` with a message matching `why`, the target unchanged. */
async function expectRefused(bytes: Buffer, code: string, why: RegExp, passphrase?: string): Promise<void> {
  const file = join(dst.dir, '..', `crafted-${n++}.bundle`);
  await writeFile(file, bytes);
  const before = await snapshot(dst);
  const err = await restore(file, dst.dir, { passphrase }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code });
  expect((err as Error).message).toMatch(why);
  expect(await snapshot(dst)).toEqual(before);
}

const frameAt = (type: number) => frames.findIndex((f) => f.type === type);
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('empty and short files are CORRUPT, never a restore of nothing', () => {
  test.each([
    ['0 bytes', () => Buffer.alloc(0), /is empty \(0 bytes\)/],
    ['5 bytes of the magic', () => MAGIC.subarray(0, 5), /is truncated \(it is 5 bytes long\)/],
    ['the magic only', () => MAGIC, /is truncated \(it ends inside its header\)/],
    ['the magic and 2 bytes of the header length', () => Buffer.concat([MAGIC, Buffer.from([0, 0])]), /ends inside its header/],
    ['a header cut short', () => assemble(header, frames).subarray(0, MAGIC.length + 30), /ends inside its header/],
    ['a header without frames', () => assemble(header, []).subarray(0, MAGIC.length + 4 + header.length + 32), /ends before its end frame/],
  ])('%s', async (_name, bytes, why) => {
    await expectRefused(bytes(), 'CORRUPT', why);
  });
});

describe('a passphrase with an unencrypted bundle is refused: it cannot authenticate it', () => {
  test('WRONG_KEY saying an unencrypted bundle detects damage, not tampering; the checked bundle says whether it was authenticated', async () => {
    await expectRefused(
      await readFile(plain),
      'WRONG_KEY',
      /not encrypted, so a passphrase cannot authenticate it.*detects damage, not tampering/,
      PASS,
    );
    expect((await checkBundle(plain)).authenticated).toBe(false);
    expect((await checkBundle(sealed, { passphrase: PASS })).authenticated).toBe(true);
  });
});

describe('crafted headers are CORRUPT saying what was wrong, checked before any key derivation', () => {
  const enc = (over: Record<string, unknown>) =>
    JSON.stringify({ format: 'authstate-sso-bundle', version: 2, encryption: { ...(sealedHeader.encryption as object), ...over } });
  test.each([
    ['JSON null', () => 'null', /its header is null, not a JSON object/],
    ['not JSON', () => '{"format": ', /its header is not valid JSON/],
    ['an empty object', () => '{}', /names the format missing/],
    ['no version', () => '{"format":"authstate-sso-bundle"}', /bundle format missing/],
    ['a version as text', () => '{"format":"authstate-sso-bundle","version":"2","encryption":null}', /bundle format "2"/],
    ['no encryption field', () => '{"format":"authstate-sso-bundle","version":2}', /header encryption is missing/],
    ['N=3', () => enc({ N: 3 }), /field N is 3, expected an integer from 16384 to 1048576/],
    ['N="abc"', () => enc({ N: 'abc' }), /field N is "abc"/],
    ['N=2^22, r=32, p=16 (16 GiB)', () => enc({ N: 2 ** 22, r: 32, p: 16 }), /field N is 4194304/],
    ['N=2^13 (below the floor)', () => enc({ N: 2 ** 13 }), /field N is 8192/],
    ['N not a power of two', () => enc({ N: 3 * 2 ** 14 }), /field N is 49152, expected a power of two/],
    ['r=4', () => enc({ r: 4 }), /field r is 4, expected an integer from 8 to 16/],
    ['p=5', () => enc({ p: 5 }), /field p is 5, expected an integer from 1 to 4/],
    ['N=2^20 with r=16 (2 GiB)', () => enc({ N: 2 ** 20, r: 16 }), /scrypt memory 128·N·r ≤ 1 GiB/],
    ['another cipher', () => enc({ cipher: 'aes-128-cbc' }), /field cipher is "aes-128-cbc"/],
    ['a short salt', () => enc({ salt: 'AAAA' }), /field salt is "AAAA", expected base64 of 16 to 64 bytes/],
    ['a nonce prefix of the wrong size', () => enc({ noncePrefix: 'AAAAAAAAAAAAAAAA' }), /field noncePrefix/],
    ['encryption as a string', () => '{"format":"authstate-sso-bundle","version":2,"encryption":"yes"}', /header encryption is "yes"/],
  ])('%s', async (_name, text, why) => {
    await expectRefused(assemble(text(), frames), 'CORRUPT', why, PASS);
  });

  test('a header claiming 2 GiB', async () => {
    const b = assemble(header, frames);
    b.writeUInt32BE(2 ** 31, MAGIC.length);
    await expectRefused(b, 'CORRUPT', /its header claims 2147483648 bytes/);
  });
});

describe('frames: too long, unknown, out of order, repeated or of the wrong shape → CORRUPT', () => {
  const edit = (fn: (f: RawFrame[]) => void) => {
    const copy = frames.map((f) => ({ ...f }));
    fn(copy);
    return copy;
  };
  /** The bundle with frame `i` replaced by one of `type` holding `payload`. */
  const replaced = (i: number, type: number, payload: Buffer) =>
    assemble(
      header,
      edit((f) => f.splice(i, 1, { type, payload })),
    );
  /** The real schema with its first table changed by `fn`. */
  const schemaWith = (fn: (t: { name: string; createSql: string; postSql: string[] }) => object) => {
    const schema = JSON.parse((frames[1] as RawFrame).payload.toString('utf8'));
    schema.tables[0] = fn(schema.tables[0]);
    return schema;
  };
  const manifest = () => JSON.parse((frames[frameAt(FrameType.manifest)] as RawFrame).payload.toString('utf8'));
  test.each([
    ['a frame claiming 16 MiB + 1', () => assemble(header, frames, { 3: 16 * 1024 * 1024 + 1 }), /a frame claims 16777217 bytes/],
    [
      'an unknown frame type',
      () =>
        assemble(
          header,
          edit((f) => f.splice(3, 0, { type: 0x5a, payload: Buffer.from('x') })),
        ),
      /frame 3 has the unknown type 0x5a/,
    ],
    [
      'the schema before the info',
      () =>
        assemble(
          header,
          edit((f) => f.splice(0, 2, f[1] as RawFrame, f[0] as RawFrame)),
        ),
      /frame 0 is schema, expected info/,
    ],
    [
      'no key frame',
      () =>
        assemble(
          header,
          edit((f) => f.splice(2, 1)),
        ),
      /frame 2 is \w+, expected key/,
    ],
    [
      'rows before any table section',
      () =>
        assemble(
          header,
          edit((f) => f.splice(3, 0, { type: FrameType.rows, payload: Buffer.from('[1]\n') })),
        ),
      /frame 3 holds rows outside a table section/,
    ],
    [
      'a second info frame',
      () =>
        assemble(
          header,
          edit((f) => f.splice(3, 0, f[0] as RawFrame)),
        ),
      /frame 3 is a second info frame/,
    ],
    [
      'two manifests',
      () =>
        assemble(
          header,
          edit((f) => f.push(f[frameAt(FrameType.manifest)] as RawFrame)),
        ),
      /\(manifest\) follows the manifest/,
    ],
    [
      'SQL after the manifest',
      () =>
        assemble(
          header,
          edit((f) => f.push({ type: FrameType.sql, payload: Buffer.from('DELETE FROM sec_base;') })),
        ),
      /\(sql\) follows the manifest/,
    ],
    [
      'no manifest',
      () =>
        assemble(
          header,
          edit((f) => f.splice(frameAt(FrameType.manifest), 1)),
        ),
      /ends without a manifest/,
    ],
    [
      'a table section twice',
      () => {
        const t = frameAt(FrameType.table);
        return assemble(
          header,
          edit((f) => f.splice(t, 0, f[t] as RawFrame)),
        );
      },
      /two sections of rows for zato_sso_\w+/,
    ],
    [
      'rows of a table the manifest does not list',
      () => {
        const m = manifest();
        const first = JSON.parse((frames[frameAt(FrameType.table)] as RawFrame).payload.toString('utf8')).name;
        m.tables = m.tables.filter((t: { name: string }) => t.name !== first);
        return replaced(frameAt(FrameType.manifest), FrameType.manifest, json(m));
      },
      /which its manifest does not list/,
    ],
    ['a schema of null', () => replaced(1, FrameType.schema, json(null)), /its schema is null/],
    [
      'a schema table named sec_base',
      () => replaced(1, FrameType.schema, json({ engine: 'sqlite', tables: [{ name: 'sec_base' }], sequences: [] })),
      /schema table 0 field name is "sec_base"/,
    ],
    [
      'SQLite DDL with a second statement',
      () => replaced(1, FrameType.schema, json(schemaWith((t) => ({ ...t, createSql: `${t.createSql}; DELETE FROM sec_base` })))),
      /carries DDL for zato_sso_\w+ that a restore would refuse \(unexpected ";"/,
    ],
    [
      'SQLite DDL creating a trigger',
      () => {
        const trigger = (name: string) => `CREATE TRIGGER t AFTER INSERT ON ${name} BEGIN DELETE FROM sec_base; END`;
        return replaced(1, FrameType.schema, json(schemaWith((t) => ({ ...t, postSql: [...t.postSql, trigger(t.name)] }))));
      },
      /carries DDL for zato_sso_\w+ that a restore would refuse \(CREATE TRIGGER/,
    ],
    [
      'manifest tables as a string',
      () => replaced(frameAt(FrameType.manifest), FrameType.manifest, json({ ...manifest(), tables: 'all' })),
      /manifest field tables is "all", expected an array/,
    ],
    [
      'a key that is not a Fernet key',
      () => replaced(2, FrameType.key, json({ sso_key1: 'x\n[zato]', from: 'sso_key1' })),
      /sso_key1 is not a Fernet key/,
    ],
  ])('%s', async (_name, bytes, why) => {
    await expectRefused(bytes(), 'CORRUPT', why);
  });
});

/** A small deterministic generator (mulberry32), so a failing position can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The frames of `from` sealed again with scrypt at the floor (N = 2^14), so each try derives a key quickly. */
async function resealCheaply(from: string, to: string): Promise<void> {
  const { header: h, keys } = await newEncryption(PASS, { N: 2 ** 14, r: 8, p: 1 });
  const sink = new ByteSink(to);
  const w = new BundleWriter(sink, h, keys);
  await w.start();
  for await (const f of readFrames(from)) await w.frame(f.type as FrameTypeByte, f.payload);
  await w.end();
  await sink.commit();
}

describe('fuzz: flipped and truncated bytes of a real bundle', () => {
  /** Every outcome is a classified CORRUPT/WRONG_KEY with the target unchanged, or a restore of exactly the source's data. */
  async function fuzz(file: string, count: { flips: number; cuts: number }, passphrase?: string): Promise<Record<string, number>> {
    const good = await readFile(file);
    const rnd = random(good.length);
    const outcomes: Record<string, number> = {};
    const sourceRows = await dumpServer(src);
    const mutants: [string, Buffer][] = [];
    for (let i = 0; i < count.flips; i++) {
      // positions past the magic (a file without it is not a bundle; see the plain SQL tests)
      const pos = MAGIC.length + Math.floor(rnd() * (good.length - MAGIC.length));
      const b = Buffer.from(good);
      b[pos] = (b[pos] as number) ^ (1 + Math.floor(rnd() * 255));
      mutants.push([`flip@${pos}`, b]);
    }
    for (let i = 0; i < count.cuts; i++) {
      const len = Math.floor(rnd() * good.length);
      mutants.push([`cut@${len}`, good.subarray(0, len)]);
    }
    let before = await snapshot(dst);
    for (const [name, bytes] of mutants) {
      const f = join(dst.dir, '..', 'fuzz.bundle');
      await writeFile(f, bytes);
      const err = await restore(f, dst.dir, { passphrase }).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (err === undefined) {
        expect(await dumpServer(dst)).toEqual(sourceRows);
        before = await snapshot(dst);
        outcomes.restored = (outcomes.restored ?? 0) + 1;
        continue;
      }
      const classified = isAuthstateError(err, 'CORRUPT') || isAuthstateError(err, 'WRONG_KEY');
      expect({ name, classified, error: String(err) }).toMatchObject({ name, classified: true });
      expect(await snapshot(dst)).toEqual(before);
      const code = (err as { code: string }).code;
      outcomes[code] = (outcomes[code] ?? 0) + 1;
    }
    return outcomes;
  }

  test('unencrypted: 300 flips and 80 truncations', async () => {
    const outcomes = await fuzz(plain, { flips: 300, cuts: 80 });
    // every byte is covered by the header hash or the trailer: nothing restores
    expect(outcomes).toEqual({ CORRUPT: 380 });
  }, 600_000);

  test('encrypted: 40 flips and 15 truncations', async () => {
    const cheap = join(src.dir, '..', 'cheap-sealed.bundle');
    await resealCheaply(plain, cheap);
    expect((await checkBundle(cheap, { passphrase: PASS })).authenticated).toBe(true);
    const outcomes = await fuzz(cheap, { flips: 40, cuts: 15 }, PASS);
    // a flip in the header's salt or key check reads as a wrong passphrase; everything else is CORRUPT
    expect(outcomes.restored).toBeUndefined();
    expect((outcomes.CORRUPT ?? 0) + (outcomes.WRONG_KEY ?? 0)).toBe(55);
  }, 600_000);
});
