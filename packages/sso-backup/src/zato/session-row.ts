import type { ZatoDialect } from './dialects/index.js';
import { newSessionToken } from './ids.js';
import type { ZatoRow } from './insert-rows.js';
import { formatZatoDate } from './zato-date.js';

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
  extSessionId?: string | null;
}

/**
 * A `zato_sso_session` row as Zato writes it on login: a fresh `zust…` token, creation and
 * expiration (+60 min) in Zato's text date format, and `opaque1` JSON-encoded twice.
 */
export function zatoSessionRow(dialect: ZatoDialect, s: NewZatoSession): { row: ZatoRow; ust: string; creation: Date; expiration: Date } {
  const creation = s.now ?? new Date();
  const expiration = new Date(creation.getTime() + (s.expiryMinutes ?? SESSION_EXPIRY_MINUTES) * 60_000);
  const ust = s.ust ?? newSessionToken();
  const remoteAddr = s.remoteAddr ?? '127.0.0.1';
  const userAgent = s.userAgent ?? 'authstate sso login';
  const opaque = {
    session_state_change_list: [{ creation_time: formatZatoDate(creation), remote_addr: remoteAddr, user_agent: userAgent }],
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
    ext_session_id: s.extSessionId ?? null,
    opaque1: JSON.stringify(JSON.stringify(opaque)),
    user_id: s.userIntId,
  };
  return { row, ust, creation, expiration };
}
