import { Fernet } from '@authstate/secrets-conf';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sql } from 'kysely';
import {
  createZatoSsoSchema,
  type FixtureSummary,
  populateFixtures,
  verifyPassword,
  ZATO_SSO_SEQUENCES,
  ZATO_SSO_TABLES,
} from '../../src/zato/index.js';
import { ENGINES, type FreshDb, freshDb } from './engines.js';

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v));

describe.each(ENGINES)('populateFixtures on %s', (engine) => {
  let fresh: FreshDb;
  let summary: FixtureSummary;
  const key = Fernet.generateKey();
  const fernet = new Fernet(key);
  beforeAll(async () => {
    fresh = await freshDb(engine);
    await createZatoSsoSchema(fresh.zdb);
    summary = await populateFixtures(fresh.zdb, key, { users: 4, attrsPerUser: 7, rounds: 1000 });
  });
  afterAll(async () => {
    await fresh.cleanup();
  });

  test('every table gets rows and the counts match the summary', async () => {
    for (const t of ZATO_SSO_TABLES) {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(fresh.zdb.db);
      expect(Number(r.rows[0]?.n)).toBe(summary.rows[t]);
      expect(summary.rows[t]).toBeGreaterThan(0);
    }
    expect(summary.rows.zato_sso_user).toBe(6);
    expect(summary.rows.zato_sso_attr).toBe(4 * 8);
  });

  test('password hashes, emails and TOTP secrets are Fernet with the key (BLOBs on SQLite); NULL email kept', async () => {
    const users = await fresh.zdb.db.selectFrom('zato_sso_user').selectAll().orderBy('id').execute();
    for (const u of users) {
      const fu = summary.users.find((x) => x.username === u.username);
      expect(fu).toBeDefined();
      if (engine === 'sqlite') expect(Buffer.isBuffer(u.password)).toBe(true);
      expect(text(u.password)).toMatch(/^gAAAAA/);
      expect(verifyPassword(fu?.password ?? '', fernet.decrypt(text(u.password)).toString())).toBe(true);
      if (u.is_totp_enabled === true || Number(u.is_totp_enabled) === 1)
        expect(fernet.decrypt(text(u.totp_key)).toString()).toBe('JBSWY3DPEHPK3PXP');
    }
    const pending = users.find((u) => u.approval_status !== 'approved');
    expect(pending?.email).toBeNull();
    expect(pending?.display_name).toBeNull();
    const first = users.find((u) => u.username === 'user.1');
    expect(first?.display_name).toBe('Zoë Ñúñez 李 😀');
    expect(first?.display_name_upper).toBe('ZOË ÑÚÑEZ 李 😀');
    expect(fernet.decrypt(text(first?.email)).toString()).toBe('zoë.user@exämple.com');
    const locked = users.find((u) => u.username === 'user.locked ☃');
    expect(fernet.decrypt(text(locked?.email)).toString()).toBe('');
  });

  test("dates are Zato's text format (microseconds on SQLite/PostgreSQL; MySQL DATETIME keeps seconds)", async () => {
    const s = await fresh.zdb.db
      .selectFrom('zato_sso_session')
      .select(['creation_time', 'expiration_time'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const shape = engine === 'mysql' ? /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/ : /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?$/;
    expect(String(s.creation_time)).toMatch(shape);
    if (engine === 'sqlite') expect(String(s.creation_time)).toMatch(/\.\d{6}$/);
    expect(
      Date.parse(`${String(s.expiration_time).replace(' ', 'T')}Z`) - Date.parse(`${String(s.creation_time).replace(' ', 'T')}Z`),
    ).toBe(3_600_000);
  });

  test('relations hold: sessions → user ids, session attrs → ust, attrs/linked/resets → user_id strings; encrypted attrs decrypt', async () => {
    const db = fresh.zdb.db;
    const orphanSessions = await sql<{
      n: number | string;
    }>`select count(*) as n from zato_sso_session s left join zato_sso_user u on u.id = s.user_id where u.id is null`.execute(db);
    expect(Number(orphanSessions.rows[0]?.n)).toBe(0);
    const sessionAttrs = await sql<{
      n: number | string;
    }>`select count(*) as n from zato_sso_attr a join zato_sso_session s on s.ust = a.ust where a._ust_string = s.ust`.execute(db);
    expect(Number(sessionAttrs.rows[0]?.n)).toBe(4);
    for (const t of ['zato_sso_attr', 'zato_sso_linked_auth', 'zato_sso_password_reset']) {
      const orphans = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.table(t)} x left join zato_sso_user u on u.user_id = x.user_id where u.id is null`.execute(db);
      expect(Number(orphans.rows[0]?.n)).toBe(0);
    }
    const child = await db
      .selectFrom('zato_sso_group')
      .select(['parent_id', 'name'])
      .where('parent_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(child.name).toBe('user Ops ☃ — Zürich');
    const attrs = await db.selectFrom('zato_sso_attr').select(['value', 'is_encrypted']).execute();
    const encrypted = attrs.filter((a) => a.is_encrypted === true || Number(a.is_encrypted) === 1);
    expect(encrypted.length).toBeGreaterThan(0);
    for (const a of encrypted) if (a.value !== null) expect(() => JSON.parse(fernet.decrypt(text(a.value)).toString())).not.toThrow();
    expect(attrs.some((a) => a.value === null)).toBe(true);
    expect(attrs.some((a) => String(a.value).includes('zażółć 😀'))).toBe(true);
  });

  test('a second population continues the ids (and the PostgreSQL sequences)', async () => {
    const again = await populateFixtures(fresh.zdb, key, { users: 1, attrsPerUser: 1, rounds: 1000, prefix: 'more' });
    expect(Math.min(...again.users.map((u) => u.id))).toBe(7);
    if (engine === 'postgresql') {
      for (const seq of Object.values(ZATO_SSO_SEQUENCES)) {
        const r = await sql<{ v: string }>`select nextval(${seq}) as v`.execute(fresh.zdb.db);
        expect(Number(r.rows[0]?.v)).toBeGreaterThan(1);
      }
      const u = await sql<{ v: string }>`select nextval('zato_sso_user_id_seq') as v`.execute(fresh.zdb.db);
      expect(Number(u.rows[0]?.v)).toBeGreaterThan(9);
    }
  });
});
