import { randomBytes } from 'node:crypto';
import type { Fernet } from '@authstate/secrets-conf';
import type { ZatoDialect } from './dialects/index.js';
import { newUserId } from './ids.js';
import type { ZatoRow } from './insert-rows.js';
import { hashPassword } from './password-hash.js';
import { newTotpKey, ZATO_DEFAULT_TOTP_LABEL } from './totp-key.js';
import { formatZatoDate } from './zato-date.js';
import { zatoJson } from './zato-json.js';

/** What is given to create an SSO user (Zato's `UserAPI.create_user` input); the rest is Zato's default. */
export interface NewZatoUser {
  username: string;
  password: string;
  /** Explicit integer id (else the engine's sequence / auto-increment). */
  id?: number;
  userId?: string;
  /** `approved` (default: an auto-approved user) or `before_decision` (approval needed). */
  approvalStatus?: string;
  /** Who approved: `auto` (default) or the creating super-user's user_id. */
  approvalStatusModBy?: string;
  /** Email; Fernet-encrypted when `encryptEmail` (default) and not empty. `null` / absent: NULL. */
  email?: string | null;
  displayName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  /** Zato's create always writes true; false models a user deactivated later. */
  isActive?: boolean;
  isLocked?: boolean;
  isSuperUser?: boolean;
  passwordMustChange?: boolean;
  /** Whether TOTP is on (default false); the key and label are stored encrypted either way. */
  isTotpEnabled?: boolean;
  /** TOTP secret (default: a new base32 key, as `pyotp.random_base32()`). */
  totpKey?: string;
  /** TOTP label (default Zato's `<default-label>`). */
  totpLabel?: string;
  /** The sign-up confirmation token (default: 24 random bytes, url-safe base64, as `new_confirm_token()`). */
  signUpConfirmToken?: string;
  /** When a sign-up was confirmed; NULL (default) for users created directly. */
  signUpConfirmTime?: Date | null;
  /** `final` (default) or `before_confirmation` for a sign-up awaiting its confirmation. */
  signUpStatus?: string;
  /** `creation_ctx` (any JSON value; default none → `null`). */
  creationCtx?: unknown;
  /** sso.conf `[main] encrypt_password` (default true): else the hash is stored as plain bytes. */
  encryptPassword?: boolean;
  /** sso.conf `[main] encrypt_email` (default true). */
  encryptEmail?: boolean;
  /** sso.conf `[password] expiry` in days (default 730). */
  passwordExpiryDays?: number;
  /** pbkdf2 rounds for the password hash (default Zato's 120000). */
  rounds?: number;
  now?: Date;
}

const DAY_MS = 86_400_000;

/** The four name columns and their `*_upper` twins, as Zato's `_name_attrs`. */
type Names = Record<'display_name' | 'first_name' | 'middle_name' | 'last_name', string | null>;

/** Zato's name rules: trimmed; display_name defaults to "first middle last"; empty → NULL. */
function zatoNames(u: NewZatoUser): Names {
  const first = u.firstName?.trim() ?? '';
  const middle = u.middleName?.trim() ?? '';
  const last = u.lastName?.trim() ?? '';
  const display = u.displayName?.trim() || [first, middle, last].filter(Boolean).join(' ');
  const orNull = (s: string): string | null => (s === '' ? null : s);
  return { display_name: orNull(display), first_name: orNull(first), middle_name: orNull(middle), last_name: orNull(last) };
}

/**
 * A `zato_sso_user` row as Zato 3.2's `UserAPI._create_sql_user` writes it (FACTS §7): the
 * passlib hash of the password Fernet-encrypted (when `encrypt_password`), the email encrypted
 * (when `encrypt_email` and given), a TOTP key and label always present and encrypted, names and
 * their upper-case twins NULL unless given, `creation_ctx` JSON text, `opaque1` the JSON text
 * `null`, `sign_up_confirm_time`, `locked_time` and `locked_by` NULL. On SQLite Fernet outputs and
 * an unencrypted hash are BLOBs (Python bytes); dates are in Zato's text format.
 *
 * @example
 * ```ts
 * const { row, userId } = zatoUserRow(zdb.dialect, new Fernet(key), { username: 'my.user', password: 's3cret!pw' });
 * await insertRows(zdb.db, 'zato_sso_user', [row]);
 * ```
 */
export function zatoUserRow(dialect: ZatoDialect, fernet: Fernet, u: NewZatoUser): { row: ZatoRow; userId: string } {
  const now = u.now ?? new Date();
  const at = formatZatoDate(now);
  const userId = u.userId ?? newUserId();
  const hash = hashPassword(u.password, { rounds: u.rounds });
  const encrypt = (text: string) => dialect.fernet(fernet.encrypt(text));
  const names = zatoNames(u);
  const upper = (s: string | null): string | null => (s === null ? null : s.toUpperCase());
  const email = u.email ?? null;
  const row: ZatoRow = {
    id: u.id ?? dialect.nextId('zato_sso_user'),
    user_id: userId,
    is_active: dialect.bool(u.isActive ?? true),
    is_internal: dialect.bool(false),
    is_super_user: dialect.bool(u.isSuperUser ?? false),
    is_locked: dialect.bool(u.isLocked ?? false),
    locked_time: null,
    creation_ctx: zatoJson(u.creationCtx ?? null),
    locked_by: null,
    approval_status: u.approvalStatus ?? 'approved',
    approval_status_mod_time: at,
    approval_status_mod_by: u.approvalStatusModBy ?? 'auto',
    username: u.username,
    // bytes in Python either way: a BLOB on SQLite
    password: u.encryptPassword === false ? dialect.fernet(hash) : encrypt(hash),
    password_is_set: dialect.bool(true),
    password_must_change: dialect.bool(u.passwordMustChange ?? false),
    password_last_set: at,
    password_expiry: formatZatoDate(new Date(now.getTime() + (u.passwordExpiryDays ?? 730) * DAY_MS)),
    sign_up_status: u.signUpStatus ?? 'final',
    sign_up_time: at,
    sign_up_confirm_time: u.signUpConfirmTime ? formatZatoDate(u.signUpConfirmTime) : null,
    sign_up_confirm_token: u.signUpConfirmToken ?? randomBytes(24).toString('base64url'),
    email: email && u.encryptEmail !== false ? encrypt(email) : email,
    ...names,
    display_name_upper: upper(names.display_name),
    first_name_upper: upper(names.first_name),
    middle_name_upper: upper(names.middle_name),
    last_name_upper: upper(names.last_name),
    is_rate_limit_active: dialect.bool(false),
    rate_limit_type: 'EXACT',
    rate_limit_def: null,
    rate_limit_check_parent_def: dialect.bool(false),
    is_totp_enabled: dialect.bool(u.isTotpEnabled ?? false),
    totp_key: encrypt(u.totpKey ?? newTotpKey()),
    totp_label: encrypt(u.totpLabel ?? ZATO_DEFAULT_TOTP_LABEL),
    opaque1: zatoJson(null),
  };
  return { row, userId };
}
