// ESM consumer: the file-system backend through openOocd and directly.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOocdService, openOocd } from '@authstate/oocd-core';
import { FsOocdDriver } from '@authstate/oocd-fs';

const dir = mkdtempSync(join(tmpdir(), 'consumer-esm-'));
const oocd = await openOocd({ class: 'fs', dir });
const created = await oocd.create('/saml/msgid/1', 'seen', { ttlMs: 60_000, metadata: { sp: 'a' } });
const again = await oocd.create('/saml/msgid/1', 'seen', { ttlMs: 60_000 });
const entry = await oocd.get('/saml/msgid/1');
await oocd.close();
const direct = createOocdService(await FsOocdDriver.open({ dir }), { reaperIntervalSec: 0 });
const children = await direct.children('/saml');
await direct.close();
console.log(JSON.stringify({ created, again, value: entry?.value, metadata: entry?.metadata, children }));
