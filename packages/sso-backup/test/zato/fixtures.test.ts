import { Fernet } from '@authstate/secrets-conf';
import { type FixtureSummary, populateFixtures } from '@authstate/test-support/zato';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sql } from 'kysely';
import { createZatoSsoSchema, verifyPassword, ZATO_SSO_SEQUENCES, ZATO_SSO_TABLES } from '../../src/zato/index.js';
import { ENGINES, type FreshDb, freshDb } from './engines.js';

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v));

describe.each(ENGINES)('Zato-made fixtures (populateFixtures) on %s', (engine) => {
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
    expect(summary.rows.zato_sso_user).toBe(7);
    expect(summary.rows.zato_sso_attr).toBe(4 * 8);
  });

  test('users as UserAPI writes them: hash, email, TOTP key and label Fernet (BLOBs on SQLite); names NULL unless given', async () => {
    const users = await fresh.zdb.db.selectFrom('zato_sso_user').selectAll().orderBy('id').execute();
    for (const u of users) {
      const fu = summary.users.find((x) => x.username === u.username);
      expect(fu).toBeDefined();
      for (const col of ['password', 'totp_key', 'totp_label']) {
        if (engine === 'sqlite') expect(Buffer.isBuffer(u[col])).toBe(true);
        expect(text(u[col])).toMatch(/^gAAAAA/);
      }
      expect(verifyPassword(fu?.password ?? '', fernet.decrypt(text(u.password)).toString())).toBe(true);
      expect(fernet.decrypt(text(u.totp_key)).toString()).toMatch(/^[A-Z2-7]{32}$/);
      expect(u.opaque1).toBe('null');
      expect(u.rate_limit_type).toBe('EXACT');
      expect(u.locked_time).toBeNull();
    }
    const by = (name: string) => users.find((u) => u.username === name) as Record<string, unknown>;
    const first = by('user.1');
    expect([first.display_name, first.display_name_upper]).toEqual(['Zoë Ñúñez 李 😀', 'ZOË ÑÚÑEZ 李 😀']);
    expect(fernet.decrypt(text(first.email)).toString()).toBe('zoë.user@exämple.com');
    expect(first.sign_up_confirm_time).toBeNull();
    expect(first.creation_ctx).toBe('null');
    const second = by('user.2');
    expect([second.display_name, second.middle_name_upper]).toEqual(['First2 Q Last2', 'Q']);
    expect(second.sign_up_confirm_time).not.toBeNull();
    expect(JSON.parse(String(second.creation_ctx))).toEqual({ remote_addr: '10.0.0.2', user_agent: 'Mozilla/5.0' });
    const third = by('user.3');
    expect(Number(third.is_totp_enabled) === 1 || third.is_totp_enabled === true).toBe(true);
    expect(fernet.decrypt(text(third.totp_label)).toString()).toBe('authstate:user3');
    const fourth = by('user.4');
    for (const c of ['display_name', 'first_name', 'middle_name', 'last_name', 'display_name_upper', 'first_name_upper', 'last_name_upper'])
      expect({ [c]: fourth[c] }).toEqual({ [c]: null });
    expect(fernet.decrypt(text(fourth.totp_label)).toString()).toBe('<default-label>');
    const pending = by('user.pending');
    expect([pending.approval_status, pending.email, pending.display_name]).toEqual(['before_decision', null, null]);
    expect(text(by('user.locked ☃').email)).toBe(''); // Zato encrypts only a non-empty email
    expect(by('user.noemail').email).toBeNull();
  });

  test('sessions, attributes, linked auth and password resets as Zato writes them', async () => {
    const db = fresh.zdb.db;
    for (const s of await db.selectFrom('zato_sso_session').selectAll().execute()) {
      expect(s.ext_session_id).toBe('');
      const opaque = JSON.parse(JSON.parse(String(s.opaque1)));
      expect(opaque.session_state_change_list[0]).toMatchObject({ remote_addr: s.remote_addr, ctx_source: 'login', idx: 1 });
    }
    const attrs = await db.selectFrom('zato_sso_attr').selectAll().execute();
    for (const a of attrs) {
      expect(a.opaque1).toBe('null');
      const value = JSON.parse(String(a.value));
      if (Number(a.is_encrypted) === 1 || a.is_encrypted === true) {
        expect(value).toMatch(/^gAAAAA/); // the JSON string of the token
        expect(typeof fernet.decrypt(value).toString()).toBe('string');
      } else expect(value === null || typeof value === 'string').toBe(true);
    }
    expect(attrs.some((a) => a.value === 'null')).toBe(true);
    expect(attrs.some((a) => String(a.value).includes('\\u017c'))).toBe(true); // ujson escapes non-ASCII
    expect(attrs.some((a) => String(a.expiration_time).startsWith('9999-12-31 00:00:00'))).toBe(true);
    for (const l of await db.selectFrom('zato_sso_linked_auth').selectAll().execute()) {
      expect([l.auth_principal, l.auth_source, l.opaque1, Number(l.auth_id)]).toEqual(['reserved', 'reserved', 'null', 1]);
    }
    const resets = await db.selectFrom('zato_sso_password_reset').selectAll().orderBy('id').execute();
    expect(resets).toHaveLength(2);
    for (const r of resets) {
      expect(fernet.decrypt(String(r.reset_key)).toString()).toMatch(/^zprtrkey[0-9a-hjkmnp-tv-z]+$/);
      expect(r.type_).toBe('prt');
      expect(r.opaque1).toBe('"null"');
      expect(JSON.parse(JSON.parse(String(r.creation_ctx)))).toMatchObject({ remote_addr: ['127.0.0.1'], has_remote_addr: false });
    }
    expect(resets.map((r) => r.access_ctx === null)).toEqual([true, false]);
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
    const plain = attrs.filter((a) => !encrypted.includes(a)).map((a) => JSON.parse(String(a.value)));
    expect(plain).toContain('zażółć 😀 0');
  });

  test('a second population continues the ids (and the PostgreSQL sequences)', async () => {
    const again = await populateFixtures(fresh.zdb, key, {
      users: 1,
      attrsPerUser: 1,
      rounds: 1000,
      prefix: 'more',
      encryptResetKey: false,
    });
    const plainKeys = await fresh.zdb.db
      .selectFrom('zato_sso_password_reset')
      .select('reset_key')
      .where('user_id', '=', again.users[0]?.userId ?? '')
      .execute();
    expect(plainKeys.map((r) => String(r.reset_key))).toEqual([expect.stringMatching(/^zprtrkey[0-9a-hjkmnp-tv-z]+$/)]);
    expect(Math.min(...again.users.map((u) => u.id))).toBe(8);
    if (engine === 'postgresql') {
      for (const seq of Object.values(ZATO_SSO_SEQUENCES)) {
        const r = await sql<{ v: string }>`select nextval(${seq}) as v`.execute(fresh.zdb.db);
        expect(Number(r.rows[0]?.v)).toBeGreaterThan(1);
      }
      const u = await sql<{ v: string }>`select nextval('zato_sso_user_id_seq') as v`.execute(fresh.zdb.db);
      expect(Number(u.rows[0]?.v)).toBeGreaterThan(11);
    }
  });
});
