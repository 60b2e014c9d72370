import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sql } from 'kysely';
import { createZatoSsoSchema, hasZatoSsoSchema, ZATO_SSO_SEQUENCES, ZATO_SSO_TABLES, zatoSsoDdl } from '../../src/zato/index.js';
import { ENGINES, type FreshDb, freshDb } from './engines.js';

describe('zatoSsoDdl', () => {
  test('has every table and index once per engine, and the seven sequences on PostgreSQL only', () => {
    for (const engine of ['sqlite', 'postgresql', 'mysql'] as const) {
      const ddl = zatoSsoDdl(engine);
      for (const t of ZATO_SSO_TABLES) expect(ddl.filter((s) => s.startsWith(`CREATE TABLE ${t} (`))).toHaveLength(1);
      expect(ddl.filter((s) => s.startsWith('CREATE INDEX') || s.startsWith('CREATE UNIQUE INDEX'))).toHaveLength(15);
      expect(ddl.filter((s) => s.startsWith('CREATE SEQUENCE'))).toHaveLength(engine === 'postgresql' ? 7 : 0);
      expect(ddl.some((s) => s.includes('--') || s.endsWith(';'))).toBe(false);
    }
  });
});

describe.each(ENGINES)('createZatoSsoSchema on %s', (engine) => {
  let fresh: FreshDb;
  beforeAll(async () => {
    fresh = await freshDb(engine);
  });
  afterAll(async () => {
    await fresh.cleanup();
  });

  test('creates the seven tables with their indexes (and sequences) in an empty database', async () => {
    expect(await hasZatoSsoSchema(fresh.zdb)).toBe(false);
    await createZatoSsoSchema(fresh.zdb);
    expect(await hasZatoSsoSchema(fresh.zdb)).toBe(true);
    const tables = (await fresh.zdb.db.introspection.getTables()).map((t) => t.name).filter((n) => n.startsWith('zato_sso_'));
    expect(tables.sort()).toEqual([...ZATO_SSO_TABLES].sort());
    if (engine === 'postgresql') {
      const seqs = await sql<{ relname: string }>`select relname from pg_class where relkind = 'S' order by relname`.execute(fresh.zdb.db);
      expect(seqs.rows.map((r) => r.relname)).toEqual(Object.values(ZATO_SSO_SEQUENCES).sort());
    }
    // the unique index on the session token is real
    const cols = (await fresh.zdb.db.introspection.getTables()).find((t) => t.name === 'zato_sso_user')?.columns.map((c) => c.name);
    expect(cols).toContain('sign_up_confirm_token');
    expect(cols).toHaveLength(39);
  });
});
