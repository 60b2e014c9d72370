import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createOidcAdapter } from '../src/index.js';
import { backendKinds, useBackend } from './backends.js';
import { killHard, startChild } from './processes.js';

const id = () => randomBytes(12).toString('base64url');
const PROCESSES = 3;
const CODES = 10;

describe.each(backendKinds())('OocdAdapter across processes on %s', (kind) => {
  const target = useBackend(kind);
  let adapter: ReturnType<typeof createOidcAdapter>;
  let env: Record<string, string>;

  beforeAll(async () => {
    adapter = createOidcAdapter(target.oocd);
    env = { OOCD_CONFIG: JSON.stringify(target.backend.config) };
  }, 600_000);

  it(`${PROCESSES} processes consuming the same ${CODES} codes at once: exactly one wins each`, async () => {
    const codes = Array.from({ length: CODES }, id);
    const grantId = id();
    for (const code of codes) await adapter('AuthorizationCode').upsert(code, { jti: code, grantId }, 600);
    const go = join(tmpdir(), `oidc-go-${id()}`);
    const workers = Array.from({ length: PROCESSES }, () => startChild('consume-worker', [go, ...codes], env));
    await Promise.all(workers.map((w) => w.line(/^ready$/)));
    await writeFile(go, '');
    await Promise.all(workers.map((w) => w.line(/^done$/)));
    const lines = workers.flatMap((w) => w.lines);
    for (const code of codes) {
      expect(lines.filter((l) => l === `won ${code}`)).toHaveLength(1);
      expect(lines.filter((l) => l === `lost ${code} invalid_grant`)).toHaveLength(PROCESSES - 1);
    }
    for (const code of codes) expect(typeof (await adapter('AuthorizationCode').find(code))?.consumed).toBe('number');
  }, 600_000);

  it('writers killed with SIGKILL between their two writes leave nothing a caller can misuse', async () => {
    const [sid, uid, dc, grantId, gone, goneUid] = [id(), id(), id(), id(), id(), id()];
    const device = { jti: dc, grantId, userCode: `U-${id()}` };
    await adapter('Session').upsert(gone, { jti: gone, uid: goneUid }, 600);
    const writers = [
      startChild('stalled-writer', ['upsert', 'Session', sid, JSON.stringify({ jti: sid, uid })], env),
      startChild('stalled-writer', ['upsert', 'DeviceCode', dc, JSON.stringify(device)], env),
      startChild('stalled-writer', ['destroy', 'Session', gone, ''], env),
    ];
    await Promise.all(writers.map((w) => w.line(/^between$/)));
    await Promise.all(writers.map(killHard));

    // A session whose payload was written but not its uid index: not found by uid.
    expect(await adapter('Session').findByUid(uid)).toBeUndefined();
    // A token payload written into its grant's branch without its pointer: invisible ...
    expect(await target.oocd.list(`/oidc/grants/${grantId}/DeviceCode`)).toHaveLength(1);
    expect(await adapter('DeviceCode').find(dc)).toBeUndefined();
    expect(await adapter('DeviceCode').findByUserCode(device.userCode)).toBeUndefined();
    // ... and gone with its grant.
    await adapter('DeviceCode').revokeByGrantId(grantId);
    expect(await target.oocd.list(`/oidc/grants/${grantId}`, { recursive: true })).toEqual([]);
    // A session destroyed up to its index: the index is left and leads nowhere.
    expect(await target.oocd.get(`/oidc/index/uid/${goneUid}`)).toBeDefined();
    expect(await adapter('Session').findByUid(goneUid)).toBeUndefined();
    expect(await adapter('Session').find(gone)).toBeUndefined();
    // Written again (the user retries): whole.
    await adapter('Session').upsert(sid, { jti: sid, uid }, 600);
    expect(await adapter('Session').findByUid(uid)).toEqual({ jti: sid, uid });
  }, 600_000);
});
