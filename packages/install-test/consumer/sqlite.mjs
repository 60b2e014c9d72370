// The SQLite backend with only better-sqlite3 installed (no mysql2, no pg).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOocd } from '@authstate/oocd-core';

const dir = mkdtempSync(join(tmpdir(), 'consumer-sqlite-'));
const oocd = await openOocd({ class: 'sql', url: `sqlite:${join(dir, 'oocd.sqlite')}` });
await oocd.set('/saml/artifact/1', 'art', { ttlMs: 60_000 });
const listed = await oocd.list('/saml', { recursive: true });
await oocd.close();
console.log(JSON.stringify({ keys: listed.map((e) => e.key) }));
