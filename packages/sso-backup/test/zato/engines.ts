import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, serverKinds } from '@authstate/test-support';
import { openZatoDatabase, type ZatoDatabase, type ZatoEngine } from '../../src/zato/index.js';

/** The engines under test: SQLite always, the servers that scripts/dbs.sh started. */
export const ENGINES: ZatoEngine[] = ['sqlite', ...serverKinds().map((k) => (k === 'mariadb' ? 'mysql' : 'postgresql') as ZatoEngine)];

/** A fresh, empty database of `engine`: its URL, an open handle, and cleanup. */
export interface FreshDb {
  url: string;
  zdb: ZatoDatabase;
  cleanup(): Promise<void>;
}

/** Makes a fresh empty database (a temp SQLite file, or a random database on a test server). */
export async function freshDb(engine: ZatoEngine): Promise<FreshDb> {
  if (engine === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'zato-sqlite-'));
    const url = `sqlite:${join(dir, 'zato.db')}`;
    const zdb = await openZatoDatabase({ url });
    return {
      url,
      zdb,
      cleanup: async () => {
        await zdb.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const t = await createTestDatabase(engine === 'mysql' ? 'mariadb' : 'postgres', 'zato');
  const url = engine === 'mysql' ? t.url.replace(/^mysql:/, 'mariadb:') : t.url;
  const zdb = await openZatoDatabase({ url });
  return {
    url,
    zdb,
    cleanup: async () => {
      await zdb.close();
      await t.drop();
    },
  };
}
