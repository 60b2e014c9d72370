import type { ZatoDialect } from './dialects/index.js';
import { newSessionToken } from './ids.js';
import type { ZatoRow } from './insert-rows.js';
import { formatPythonIsoDate, formatZatoDate } from './zato-date.js';
import { zatoJson } from './zato-json.js';

/** Zato's default session lifetime (sso.conf `[session] expiry`, minutes). */
export const SESSION_EXPIRY_MINUTES = 60;

/** What a new SSO session row looks like. */
export interface NewZatoSession {
  /** Integer `zato_sso_user.id` of the user. */
  userIntId: number;
  authPrincipal: string;
  id?: number;
  ust?: string;
  now?: Date;
  expiryMinutes?: number;
  remoteAddr?: string;
  userAgent?: string;
  authType?: string;
  /** `''` for a login (default), a `<sec_type>.<id>.<sha256>` id for a session linked to another one. */
  extSessionId?: string | null;
  /** Where the session was made (`login` by default; the first entry of the state change list). */
  ctxSource?: string;
}

/**
 * A `zato_sso_session` row as Zato's `insert_sso_session` writes it on login: a fresh `zust…`
 * token, creation and expiration (+60 min) in Zato's text date format, `auth_type` `default`,
 * `ext_session_id` `''`, and `opaque1` JSON-encoded twice (ujson of the state change list, then
 * the JSON column's own encoding): `"{\"session_state_change_list\":[{…,\"idx\":1}]}"`.
 */
export function zatoSessionRow(dialect: ZatoDialect, s: NewZatoSession): { row: ZatoRow; ust: string; creation: Date; expiration: Date } {
  const creation = s.now ?? new Date();
  const expiration = new Date(creation.getTime() + (s.expiryMinutes ?? SESSION_EXPIRY_MINUTES) * 60_000);
  const ust = s.ust ?? newSessionToken();
  const remoteAddr = s.remoteAddr ?? '127.0.0.1';
  const userAgent = s.userAgent ?? 'authstate sso login';
  const opaque = {
    session_state_change_list: [
      {
        remote_addr: remoteAddr,
        user_agent: userAgent,
        timestamp_utc: formatPythonIsoDate(creation),
        ctx_source: s.ctxSource ?? 'login',
        idx: 1,
      },
    ],
  };
  const row: ZatoRow = {
    id: s.id ?? dialect.nextId('zato_sso_session'),
    ust,
    creation_time: formatZatoDate(creation),
    expiration_time: formatZatoDate(expiration),
    remote_addr: remoteAddr,
    user_agent: userAgent,
    auth_type: s.authType ?? 'default',
    auth_principal: s.authPrincipal,
    ext_session_id: s.extSessionId === undefined ? '' : s.extSessionId,
    opaque1: zatoJson(zatoJson(opaque)),
    user_id: s.userIntId,
  };
  return { row, ust, creation, expiration };
}
