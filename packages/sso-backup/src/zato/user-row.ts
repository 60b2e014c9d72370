import type { Fernet } from '@authstate/secrets-conf';
import type { ZatoDialect } from './dialects/index.js';
import { newUserId, randomToken } from './ids.js';
import type { ZatoRow } from './insert-rows.js';
import { hashPassword } from './password-hash.js';
import { formatZatoDate } from './zato-date.js';

/** What a new SSO user looks like; everything but username and password has a Zato-like default. */
export interface NewZatoUser {
  username: string;
  password: string;
  /** Explicit integer id (else the engine's sequence / auto-increment). */
  id?: number;
  userId?: string;
  /** `approved` (default) or another Zato approval status such as `before_decision`. */
  approvalStatus?: string;
  /** Plain email; stored Fernet-encrypted. `null` for none. */
  email?: string | null;
  displayName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  isActive?: boolean;
  isLocked?: boolean;
  isSuperUser?: boolean;
  passwordMustChange?: boolean;
  /** A TOTP secret and label, stored Fernet-encrypted; `is_totp_enabled` follows. */
  totp?: { key: string; label: string };
  /** pbkdf2 rounds for the password hash (default Zato's 120000). */
  rounds?: number;
  opaque1?: string | null;
  now?: Date;
}

const DAY_MS = 86_400_000;
const upper = (s: string | null | undefined): string | null => (s == null ? null : s.toUpperCase());

/**
 * A `zato_sso_user` row as Zato writes it: the passlib hash of the password and the email are
 * Fernet-encrypted with the SSO key (BLOBs on SQLite), dates in Zato's text format.
 */
export function zatoUserRow(dialect: ZatoDialect, fernet: Fernet, u: NewZatoUser): { row: ZatoRow; userId: string } {
  const now = u.now ?? new Date();
  const at = formatZatoDate(now);
  const userId = u.userId ?? newUserId();
  const hash = hashPassword(u.password, { rounds: u.rounds });
  const locked = u.isLocked ?? false;
  const row: ZatoRow = {
    id: u.id ?? dialect.nextId('zato_sso_user'),
    user_id: userId,
    is_active: dialect.bool(u.isActive ?? true),
    is_internal: dialect.bool(false),
    is_super_user: dialect.bool(u.isSuperUser ?? false),
    is_locked: dialect.bool(locked),
    locked_time: locked ? at : null,
    creation_ctx: JSON.stringify({ remote_addr: '127.0.0.1', user_agent: 'authstate', has_remote_addr: true, has_user_agent: true }),
    locked_by: locked ? 'admin' : null,
    approval_status: u.approvalStatus ?? 'approved',
    approval_status_mod_time: at,
    approval_status_mod_by: 'auto',
    username: u.username,
    password: dialect.fernet(fernet.encrypt(hash)),
    password_is_set: dialect.bool(true),
    password_must_change: dialect.bool(u.passwordMustChange ?? false),
    password_last_set: at,
    password_expiry: formatZatoDate(new Date(now.getTime() + 730 * DAY_MS)),
    sign_up_status: 'final',
    sign_up_time: at,
    sign_up_confirm_time: at,
    sign_up_confirm_token: randomToken(),
    email: u.email == null ? null : dialect.fernet(fernet.encrypt(u.email)),
    display_name: u.displayName ?? null,
    first_name: u.firstName ?? null,
    middle_name: u.middleName ?? null,
    last_name: u.lastName ?? null,
    display_name_upper: upper(u.displayName),
    first_name_upper: upper(u.firstName),
    middle_name_upper: upper(u.middleName),
    last_name_upper: upper(u.lastName),
    is_rate_limit_active: dialect.bool(false),
    rate_limit_type: null,
    rate_limit_def: null,
    rate_limit_check_parent_def: dialect.bool(false),
    is_totp_enabled: dialect.bool(u.totp !== undefined),
    totp_key: u.totp ? dialect.fernet(fernet.encrypt(u.totp.key)) : null,
    totp_label: u.totp ? dialect.fernet(fernet.encrypt(u.totp.label)) : null,
    opaque1: u.opaque1 === undefined ? '{}' : u.opaque1,
  };
  return { row, userId };
}
