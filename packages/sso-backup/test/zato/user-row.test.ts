// zato_sso_user rows as Zato 3.2's UserAPI._create_sql_user writes them (FACTS §7), checked column
// by column, NULLs included, on every engine: what is written is read back from the real database.
import { Fernet } from '@authstate/secrets-conf';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createZatoSsoSchema,
  insertRows,
  type NewZatoUser,
  verifyPassword,
  ZATO_DEFAULT_TOTP_LABEL,
  zatoUserRow,
} from '../../src/zato/index.js';
import { ENGINES, type FreshDb, freshDb } from './engines.js';

/** Every column of Zato 3.2's zato_sso_user, in its model's order. */
const USER_COLUMNS = [
  'id',
  'user_id',
  'is_active',
  'is_internal',
  'is_super_user',
  'is_locked',
  'locked_time',
  'creation_ctx',
  'locked_by',
  'approval_status',
  'approval_status_mod_time',
  'approval_status_mod_by',
  'username',
  'password',
  'password_is_set',
  'password_must_change',
  'password_last_set',
  'password_expiry',
  'sign_up_status',
  'sign_up_time',
  'sign_up_confirm_time',
  'sign_up_confirm_token',
  'email',
  'display_name',
  'first_name',
  'middle_name',
  'last_name',
  'display_name_upper',
  'first_name_upper',
  'middle_name_upper',
  'last_name_upper',
  'is_rate_limit_active',
  'rate_limit_type',
  'rate_limit_def',
  'rate_limit_check_parent_def',
  'is_totp_enabled',
  'totp_key',
  'totp_label',
  'opaque1',
].sort();

const NOW = new Date('2026-03-04T05:06:07.000Z');
const DAY = 86_400_000;
const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v));
const bool = (v: unknown): boolean => v === true || Number(v) === 1;
/** A stored DATETIME as epoch ms (SQLite keeps Zato's `.ffffff` text, the servers their own). */
const at = (v: unknown): number => Date.parse(`${text(v).replace(' ', 'T')}Z`);

/** What a column must hold: a value (compared as text), NULL, a decrypted plaintext, or a check. */
type Expect = { is: string | number | boolean | null } | { decrypts: string | RegExp } | { time: Date } | { check: (v: unknown) => void };

interface Case {
  name: string;
  input: NewZatoUser;
  columns: Partial<Record<string, Expect>>;
}

const COMMON = (password: string): Partial<Record<string, Expect>> => ({
  is_active: { is: true },
  is_internal: { is: false },
  is_locked: { is: false },
  locked_time: { is: null },
  locked_by: { is: null },
  approval_status_mod_time: { time: NOW },
  password: { check: (v) => expect(verifyPassword(password, pbkdf2Of(v))).toBe(true) },
  password_is_set: { is: true },
  password_last_set: { time: NOW },
  password_expiry: { time: new Date(NOW.getTime() + 730 * DAY) },
  sign_up_time: { time: NOW },
  sign_up_confirm_time: { is: null },
  sign_up_confirm_token: { check: (v) => expect(text(v)).toMatch(/^[A-Za-z0-9_-]{32}$/) },
  is_rate_limit_active: { is: false },
  rate_limit_type: { is: 'EXACT' },
  rate_limit_def: { is: null },
  rate_limit_check_parent_def: { is: false },
  totp_key: { decrypts: /^[A-Z2-7]{32}$/ },
  opaque1: { is: 'null' },
});

let fernet: Fernet;
function pbkdf2Of(v: unknown): string {
  return fernet.decrypt(text(v)).toString();
}

const CASES: Case[] = [
  {
    name: 'only username and password: every name NULL, no email, default TOTP label, creation_ctx null',
    input: { username: 'bare', password: 'bare-password-1', id: 1, userId: 'zusrbare' },
    columns: {
      ...COMMON('bare-password-1'),
      id: { is: 1 },
      user_id: { is: 'zusrbare' },
      is_super_user: { is: false },
      creation_ctx: { is: 'null' },
      approval_status: { is: 'approved' },
      approval_status_mod_by: { is: 'auto' },
      username: { is: 'bare' },
      password_must_change: { is: false },
      sign_up_status: { is: 'final' },
      email: { is: null },
      display_name: { is: null },
      first_name: { is: null },
      middle_name: { is: null },
      last_name: { is: null },
      display_name_upper: { is: null },
      first_name_upper: { is: null },
      middle_name_upper: { is: null },
      last_name_upper: { is: null },
      is_totp_enabled: { is: false },
      totp_label: { decrypts: ZATO_DEFAULT_TOTP_LABEL },
    },
  },
  {
    name: 'first, middle and last given: display_name is derived from them, *_upper set, email encrypted',
    input: {
      username: 'named',
      password: 'named-password-2',
      id: 2,
      userId: 'zusrnamed',
      firstName: ' Zoë ',
      middleName: 'Q',
      lastName: 'Ñúñez',
      email: 'zoë@exämple.com',
      isSuperUser: true,
      approvalStatus: 'before_decision',
      approvalStatusModBy: 'zusradmin',
      passwordMustChange: true,
      isTotpEnabled: true,
      totpKey: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      totpLabel: 'CRM: zoë',
      creationCtx: { remote_addr: '10.1.2.3', user_agent: 'Mozilla/5.0 (ü)' },
      signUpConfirmTime: NOW,
    },
    columns: {
      ...COMMON('named-password-2'),
      id: { is: 2 },
      user_id: { is: 'zusrnamed' },
      is_super_user: { is: true },
      creation_ctx: { is: '{"remote_addr":"10.1.2.3","user_agent":"Mozilla\\/5.0 (\\u00fc)"}' },
      approval_status: { is: 'before_decision' },
      approval_status_mod_by: { is: 'zusradmin' },
      username: { is: 'named' },
      password_must_change: { is: true },
      sign_up_status: { is: 'final' },
      sign_up_confirm_time: { time: NOW },
      email: { decrypts: 'zoë@exämple.com' },
      display_name: { is: 'Zoë Q Ñúñez' },
      first_name: { is: 'Zoë' },
      middle_name: { is: 'Q' },
      last_name: { is: 'Ñúñez' },
      display_name_upper: { is: 'ZOË Q ÑÚÑEZ' },
      first_name_upper: { is: 'ZOË' },
      middle_name_upper: { is: 'Q' },
      last_name_upper: { is: 'ÑÚÑEZ' },
      is_totp_enabled: { is: true },
      totp_key: { decrypts: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
      totp_label: { decrypts: 'CRM: zoë' },
    },
  },
  {
    name: 'display name only, empty email, encrypt_email=False: the other names NULL, email kept as given',
    input: {
      username: 'display',
      password: 'display-password-3',
      id: 3,
      userId: 'zusrdisplay',
      displayName: 'Ops 李',
      firstName: '   ',
      email: 'plain@example.com',
      encryptEmail: false,
    },
    columns: {
      ...COMMON('display-password-3'),
      display_name: { is: 'Ops 李' },
      display_name_upper: { is: 'OPS 李' },
      first_name: { is: null },
      first_name_upper: { is: null },
      middle_name: { is: null },
      last_name: { is: null },
      last_name_upper: { is: null },
      email: { is: 'plain@example.com' },
      totp_label: { decrypts: ZATO_DEFAULT_TOTP_LABEL },
    },
  },
];

describe.each(ENGINES)('zatoUserRow on %s: the columns Zato writes', (engine) => {
  let fresh: FreshDb;
  let rows: Record<string, unknown>[];
  beforeAll(async () => {
    fernet = new Fernet(Fernet.generateKey());
    fresh = await freshDb(engine);
    await createZatoSsoSchema(fresh.zdb);
    const made = CASES.map((c) => zatoUserRow(fresh.zdb.dialect, fernet, { ...c.input, rounds: 1000, now: NOW }).row);
    await insertRows(fresh.zdb.db, 'zato_sso_user', made);
    rows = await fresh.zdb.db.selectFrom('zato_sso_user').selectAll().orderBy('id').execute();
  });
  afterAll(async () => {
    await fresh.cleanup();
  });

  test('the table has exactly the columns of Zato 3.2, and every one is checked below', () => {
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(USER_COLUMNS);
  });

  test.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const row = rows[i] as Record<string, unknown>;
    const c = CASES[i] as Case;
    const checked = Object.keys(c.columns).filter((k) => USER_COLUMNS.includes(k));
    for (const col of checked) {
      const want = c.columns[col] as Expect;
      const got = row[col];
      const where = `${c.input.username}.${col}`;
      if ('is' in want) {
        if (want.is === null) expect({ [where]: got }).toEqual({ [where]: null });
        else if (typeof want.is === 'boolean') expect({ [where]: bool(got) }).toEqual({ [where]: want.is });
        else expect({ [where]: text(got) }).toEqual({ [where]: String(want.is) });
      } else if ('decrypts' in want) {
        // Fernet outputs are Python bytes: BLOBs on SQLite (FACTS §2), text elsewhere
        if (engine === 'sqlite') expect(Buffer.isBuffer(got)).toBe(true);
        expect(text(got)).toMatch(/^gAAAAA/);
        expect(fernet.decrypt(text(got)).toString()).toMatch(want.decrypts);
      } else if ('time' in want) {
        expect({ [where]: at(got) }).toEqual({ [where]: want.time.getTime() });
        if (engine === 'sqlite') expect(text(got)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      } else want.check(got);
    }
  });

  test('the first two cases check every column (nothing left to chance)', () => {
    for (const c of CASES.slice(0, 2)) expect(Object.keys(c.columns).sort()).toEqual(USER_COLUMNS);
  });

  test('password is the Fernet token of a passlib pbkdf2_sha512 hash; encrypt_password=False stores the hash itself', async () => {
    const hash = pbkdf2Of(rows[0]?.password);
    expect(hash).toMatch(/^\$pbkdf2-sha512\$1000\$[A-Za-z0-9./]{86}\$[A-Za-z0-9./]{86}$/);
    const { row } = zatoUserRow(fresh.zdb.dialect, fernet, {
      username: 'nohash',
      password: 'x-password-4',
      encryptPassword: false,
      rounds: 1000,
    });
    expect(text(row.password)).toMatch(/^\$pbkdf2-sha512\$1000\$/);
    if (engine === 'sqlite') expect(Buffer.isBuffer(row.password)).toBe(true);
  });

  test('each user gets its own TOTP key and confirm token', () => {
    const keys = rows.map((r) => fernet.decrypt(text(r.totp_key)).toString());
    expect(new Set(keys).size).toBe(rows.length);
    expect(new Set(rows.map((r) => text(r.sign_up_confirm_token))).size).toBe(rows.length);
  });
});
