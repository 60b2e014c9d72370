import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverKinds } from '@authstate/test-support';
import { describe, expect, test } from '@jest/globals';
import { readFrames } from '../../src/backup/bundle/bundle-reader.js';
import { BundleWriter } from '../../src/backup/bundle/bundle-writer.js';
import { ByteSink } from '../../src/backup/bundle/byte-sink.js';
import { FrameType, type FrameTypeByte } from '../../src/backup/bundle/format.js';
import { restore } from '../../src/backup/index.js';
import type { ZatoEngine } from '../../src/zato/index.js';
import { dumpServer, secretsText, useServers } from './servers.js';
import { snapshot } from './snapshot.js';
import { useSourceBundle } from './source-bundle.js';

const ENGINES: ZatoEngine[] = ['sqlite', ...serverKinds().map((k) => (k === 'mariadb' ? 'mysql' : 'postgresql') as ZatoEngine)];
const server = useServers({ users: 2, attrsPerUser: 2 });

const source = useSourceBundle(server);

describe('a target that holds SSO rows is refused before anything changes', () => {
  test.each(ENGINES)(
    '%s: exit-3 error names the tables and row counts; rows, secrets.conf and every file identical; force replaces',
    async (engine) => {
      const dst = await server(engine, true);
      const before = await snapshot(dst);
      for (const keyAction of ['auto', 'write', 'rekey', 'print'] as const) {
        const err = await restore(source.file, dst.dir, { keyAction }).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'ALREADY_EXISTS' });
        expect((err as Error).message).toMatch(/already holds SSO data: .*zato_sso_user \(\d+ rows\).*pass force \(--force\)/);
        expect(await snapshot(dst)).toEqual(before);
      }
      const r = await restore(source.file, dst.dir, { force: true });
      expect(r.replaced).toContainEqual({ name: 'zato_sso_user', rows: expect.any(Number) });
      expect((await dumpServer(dst)).zato_sso_user).toHaveLength(source.src.users.length);
    },
  );
});

describe('a running server is refused; a stale pidfile is reported and ignored', () => {
  test('a pidfile naming a live process → refused even with force, nothing changed', async () => {
    const dst = await server('sqlite');
    const sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      await writeFile(join(dst.dir, 'pidfile'), `${sleeper.pid}\n`);
      const before = await snapshot(dst);
      for (const force of [false, true]) {
        const err = await restore(source.file, dst.dir, { force }).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'ALREADY_EXISTS' });
        expect((err as Error).message).toMatch(
          new RegExp(`live process ${sleeper.pid}\\): stop the server first; restore before it starts`),
        );
      }
      expect(await snapshot(dst)).toEqual(before);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  test('a pidfile whose process is gone → restored, with a warning', async () => {
    const dst = await server('sqlite');
    const gone = spawn('true', [], { stdio: 'ignore' });
    await new Promise((r) => gone.on('exit', r));
    await writeFile(join(dst.dir, 'pidfile'), `${gone.pid}`);
    const r = await restore(source.file, dst.dir);
    expect(r.warnings.join('\n')).toMatch(new RegExp(`pidfile is stale \\(process ${gone.pid} is gone\\); ignored it`));
    expect((await dumpServer(dst)).zato_sso_user).toHaveLength(source.src.users.length);
    const junk = await server('sqlite');
    await writeFile(join(junk.dir, 'pidfile'), 'not a pid');
    expect((await restore(source.file, junk.dir)).warnings.join('\n')).toMatch(/does not hold a process id/);
  });
});

describe('a file that is not a bundle is restored only when plain SQL is asked for', () => {
  test('hostile SQL and a 0-byte file are refused as CORRUPT without plainSql; nothing runs', async () => {
    const dst = await server('sqlite');
    const hostile = join(dst.dir, '..', 'hostile.sql');
    await writeFile(hostile, 'BEGIN TRANSACTION;\nDELETE FROM sec_base;\nCREATE TABLE evil (x);\nCOMMIT;\n');
    const empty = join(dst.dir, '..', 'empty.bundle');
    await writeFile(empty, '');
    const before = await snapshot(dst);
    // A 0-byte file is a truncated bundle (the bundle reader says so), never plain SQL.
    for (const [f, says] of [
      [hostile, /not an authstate bundle; pass --plain-sql/],
      [empty, /is empty \(0 bytes\), not a bundle/],
    ] as const) {
      const err = await restore(f, dst.dir, { passphrase: 'given', force: true }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CORRUPT' });
      expect((err as Error).message).toMatch(says);
    }
    expect(await snapshot(dst)).toEqual(before);
  });
});

describe('a forged key in a bundle never reaches secrets.conf', () => {
  test('an unencrypted bundle rewritten with a key that is not a Fernet key → CORRUPT, nothing changed', async () => {
    const forged = join(source.src.dir, '..', 'forged.bundle');
    const sink = new ByteSink(forged);
    const writer = new BundleWriter(sink, null);
    await writer.start();
    for await (const f of readFrames(source.file)) {
      if (f.type === FrameType.end) continue;
      await writer.frame(
        f.type as FrameTypeByte,
        f.type === FrameType.key ? JSON.stringify({ sso_key1: 'x\n[zato]\nwell_known_data=owned', from: 'sso_key1' }) : f.payload,
      );
    }
    await writer.end();
    await sink.commit();
    const dst = await server('sqlite');
    const before = await snapshot(dst);
    for (const keyAction of ['write', 'rekey', 'print'] as const) {
      await expect(restore(forged, dst.dir, { keyAction })).rejects.toMatchObject({
        code: 'CORRUPT',
        message: expect.stringMatching(/not a Fernet key/),
      });
    }
    expect(await snapshot(dst)).toEqual(before);
  });
});

describe('restore is atomic across the database and secrets.conf', () => {
  /** Makes a directory immutable (fails even for root, unlike chmod) for the duration of `fn`. */
  async function immutable<T>(dir: string, fn: () => Promise<T>): Promise<T> {
    execFileSync('chattr', ['+i', dir]);
    try {
      return await fn();
    } finally {
      execFileSync('chattr', ['-i', dir]);
    }
  }

  test('config dir not writable → clear error, rows NOT committed, every file as it was', async () => {
    const dst = await server('sqlite');
    const repo = join(dst.dir, 'config', 'repo');
    const conf = await secretsText(dst);
    if (!/^sso_key1=/m.test(conf))
      await writeFile(join(repo, 'secrets.conf'), `${conf.trimEnd()}\nsso_key1=${source.src.key.replace(/^./, 'x')}\n`);
    const before = await snapshot(dst);
    const err = await immutable(repo, () => restore(source.file, dst.dir, { keyAction: 'write' }).catch((e: unknown) => e));
    expect(err).toMatchObject({ code: 'CONFIG' });
    expect((err as Error).message).toMatch(/Cannot write the new .*secrets\.conf \(EPERM\); nothing was changed/);
    expect(await snapshot(dst)).toEqual(before);
    // rekey writes no file: it needs no writable config dir
    const r = await immutable(repo, () => restore(source.file, dst.dir, { keyAction: 'rekey' }));
    expect(r.keyAction).toBe('rekey');
    expect((await dumpServer(dst)).zato_sso_user).toHaveLength(source.src.users.length);
  });
});
