import { isAuthstateError } from '@authstate/oocd-core';
import { Fernet } from '@authstate/secrets-conf';
import { openZatoDatabase } from './database.js';
import { fail } from './errors.js';
import { insertRows } from './insert-rows.js';
import { verifyPassword } from './password-hash.js';
import { zatoSessionRow } from './session-row.js';
import { ssoKeyForServer } from './sso-key-of-server.js';
import { formatZatoIsoDate } from './zato-date.js';

/** What `zato sso login` prints for a logged-in user. */
export interface LoginResult {
  username: string;
  user_id: string;
  /** The session token as the client gets it: Fernet(SSO key) of the stored `zust…` value. */
  ust: string;
  creation_time: string;
  expiration_time: string;
  has_w_about_to_exp: boolean;
}

/** Options of {@link login}. */
export interface LoginOptions {
  /** Verify this password against the stored hash (without it, the key is still proven). */
  password?: string;
  /**
   * The SSO key. Default: the key the server's Zato uses — `[secret_keys] sso_key1` when its
   * secrets.conf has one (the seed's newer Zato), else `key1` (Zato 3.2/3.3).
   */
  key?: string;
  /** A database URL instead of the server's server.conf `[odb]`. */
  url?: string;
  /** Recorded in the session row. */
  remoteAddr?: string;
  userAgent?: string;
}

/** Raw values come back as BLOB Buffers on SQLite and strings elsewhere. */
function asText(v: unknown): string | null {
  if (v == null) return null;
  return Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
}

const NOT_THE_KEY = "the SSO key does not decrypt this user's data";

/**
 * Logs a user in as `zato sso login <server-dir> <username>` does: finds the approved user,
 * decrypts the stored password hash, email and TOTP key and label with the SSO key (which proves
 * the key — the key the target's Zato would use unless one is given), verifies `password`
 * when given (passlib pbkdf2_sha512), inserts a session row (`zust…`, 60 min) and returns the
 * result with the Fernet-encrypted session token.
 *
 * Errors: NOT_FOUND "No such user" (unknown or not approved); WRONG_KEY "the SSO key does not
 * decrypt this user's data"; WRONG_KEY for a wrong password; CONFIG for a missing or invalid key.
 *
 * @example
 * ```ts
 * const r = await login('/home/zato/sso2/server', 'my.user');
 * console.log(r.user_id, r.ust); // 'zusr…', 'gAAAAA…'
 * ```
 */
export async function login(serverDir: string, username: string, opts: LoginOptions = {}): Promise<LoginResult> {
  const { key } = await ssoKeyForServer(serverDir, opts.key);
  const fernet = new Fernet(key);
  const zdb = await openZatoDatabase(opts.url ? { url: opts.url } : { serverDir });
  try {
    const user = await zdb.db
      .selectFrom('zato_sso_user')
      .select(['id', 'user_id', 'username', 'password', 'email', 'totp_key', 'totp_label'])
      .where('username', '=', username)
      .where('approval_status', '=', 'approved')
      .executeTakeFirst();
    if (!user) throw fail('NOT_FOUND', `No such user: "${username}" does not exist or is not approved in ${zdb.describe}.`);

    const hash = decryptIfToken(fernet, asText(user.password));
    for (const column of [user.email, user.totp_key, user.totp_label]) decryptIfToken(fernet, asText(column));
    if (opts.password !== undefined && (hash === null || !verifyPassword(opts.password, hash))) {
      throw fail('WRONG_KEY', `Invalid password for "${username}".`);
    }

    const session = zatoSessionRow(zdb.dialect, {
      userIntId: Number(user.id),
      authPrincipal: username,
      remoteAddr: opts.remoteAddr,
      userAgent: opts.userAgent,
    });
    await insertRows(zdb.db, 'zato_sso_session', [session.row]);
    return {
      username,
      user_id: String(user.user_id),
      ust: fernet.encrypt(session.ust),
      creation_time: formatZatoIsoDate(session.creation),
      expiration_time: formatZatoIsoDate(session.expiration),
      has_w_about_to_exp: false,
    };
  } finally {
    await zdb.close();
  }
}

/** Decrypts a Fernet-token column; other values are returned as they are (unencrypted servers). */
function decryptIfToken(fernet: Fernet, value: string | null): string | null {
  if (value === null || !value.startsWith('gAAAA')) return value;
  try {
    return fernet.decrypt(value).toString('utf8');
  } catch (e) {
    if (isAuthstateError(e, 'WRONG_KEY')) {
      throw fail('WRONG_KEY', `${NOT_THE_KEY}. Use the sso_key1 (or key1) of the server the data came from.`, e);
    }
    throw fail('CORRUPT', 'A stored Fernet value of this user is malformed.', e);
  }
}
