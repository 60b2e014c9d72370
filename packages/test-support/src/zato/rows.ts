import type { Fernet } from '@authstate/secrets-conf';
import { formatZatoDate, newZatoId, type ZatoDialect, type ZatoRow, zatoJson } from '@authstate/sso-backup';

/**
 * Row builders for the SSO tables other than users and sessions (those are the product's own
 * `zatoUserRow` / `zatoSessionRow`), each writing what Zato 3.2's code writes — see the comment on
 * each for the Zato function it follows. A `_JSON` column that Zato leaves unset through the ORM
 * holds the text `null`; one set through a Core insert with an already-encoded value is encoded
 * twice (the column type encodes again).
 */

/** Zato's default attribute expiry (`zato.sso.attr._default_expiration`: 9999-12-31). */
const NEVER = formatZatoDate(new Date(Date.UTC(9999, 11, 31)));
/** sso.conf `[password_reset] valid_for` (minutes). */
const PRT_VALID_MS = 1440 * 60_000;

/** A `zato_sso_group` row (Zato 3.2 has no group API; the model's defaults, opaque1 unset → `null`). */
export function groupRow(
  d: ZatoDialect,
  g: { id: number; name: string; source?: string; parentId?: number | null; isActive?: boolean; opaque1?: unknown },
): ZatoRow {
  return {
    id: g.id,
    is_active: d.bool(g.isActive ?? true),
    is_internal: d.bool(false),
    group_id: newZatoId('zgrp'),
    name: g.name,
    source: g.source ?? 'sso',
    opaque1: zatoJson(g.opaque1 ?? null),
    parent_id: g.parentId ?? null,
  };
}

/** A `zato_sso_user_group` link (opaque1 unset → `null`). */
export function userGroupRow(id: number, userIntId: number, groupId: number, opaque1: unknown = null): ZatoRow {
  return { id, opaque1: zatoJson(opaque1), user_id: userIntId, group_id: groupId };
}

/** What an attribute is made of. */
export interface AttrSpec {
  id: number;
  userId: string;
  name: string;
  /** The value as given to Zato's attr API (a string; `null` is stored as the JSON text `null`). */
  value: string | null;
  encrypted: boolean;
  /** A session attribute belongs to this `zust…` session. */
  ust?: string;
  /** Absolute expiry; default Zato's 9999-12-31. */
  expiration?: Date | null;
  now: Date;
}

/**
 * A `zato_sso_attr` row as `AttrAPI._create` writes it: `value` is `dumps(value)`, or, encrypted,
 * `dumps(Fernet(value))` — the JSON string of the token; `last_modified` = `creation_time`;
 * `_ust_string` the session's ust or `''`; opaque1 `null`.
 */
export function attrRow(d: ZatoDialect, fernet: Fernet, a: AttrSpec): ZatoRow {
  const at = formatZatoDate(a.now);
  return {
    id: a.id,
    creation_time: at,
    last_modified: at,
    expiration_time: a.expiration ? formatZatoDate(a.expiration) : NEVER,
    is_session_attr: d.bool(a.ust !== undefined),
    is_encrypted: d.bool(a.encrypted),
    serial_method: 'json',
    name: a.name,
    value: zatoJson(a.encrypted && a.value !== null ? fernet.encrypt(a.value) : a.value),
    _ust_string: a.ust ?? '',
    opaque1: zatoJson(null),
    user_id: a.userId,
    ust: a.ust ?? null,
  };
}

/**
 * A `zato_sso_linked_auth` row as `UserAPI.create_linked_auth` writes it: a link to a `sec_base`
 * definition (`auth_id`), `auth_principal` and `auth_source` `reserved`, `has_ext_principal` false,
 * `last_modified` = `creation_time`, opaque1 `null`.
 */
export function linkedAuthRow(d: ZatoDialect, l: { id: number; userId: string; authType: string; authId: number; now: Date }): ZatoRow {
  const at = formatZatoDate(l.now);
  return {
    id: l.id,
    is_active: d.bool(true),
    is_internal: d.bool(false),
    creation_time: at,
    last_modified: at,
    has_ext_principal: d.bool(false),
    auth_type: l.authType,
    auth_id: l.authId,
    auth_principal: 'reserved',
    auth_source: 'reserved',
    opaque1: zatoJson(null),
    user_id: l.userId,
  };
}

/** Options of {@link passwordResetRow}. */
export interface PasswordResetSpec {
  id: number;
  userId: string;
  now: Date;
  /** The user opened the link: `has_been_accessed`, `access_time`, `access_ctx` set (`access_token`). */
  accessed: boolean;
  /**
   * Store `reset_key` as a Fernet token (FACTS §7 lists it among the encrypted values) instead of
   * the plain `zprtrkey…` that Zato 3.2/3.3's `create_token` inserts (it encrypts the key only when
   * handing it to the user).
   */
  encryptResetKey: boolean;
  remoteAddr?: string;
  userAgent?: string;
}

/**
 * A `zato_sso_password_reset` row as `PasswordResetAPI.create_token` (and, when accessed,
 * `access_token`) write it: a Core insert, so `creation_ctx` / `access_ctx` are JSON encoded twice
 * and `opaque1` is `json_dumps(None)` encoded again (`"null"`); the unset ctx columns are NULL;
 * token = Crockford base32 of a uuid4 without prefix; `type_` `prt`; the token and its reset key
 * expire together, +1 day (`valid_for`).
 */
export function passwordResetRow(d: ZatoDialect, fernet: Fernet, p: PasswordResetSpec): ZatoRow {
  const created = formatZatoDate(p.now);
  const expires = formatZatoDate(new Date(p.now.getTime() + PRT_VALID_MS));
  const ctx = {
    remote_addr: [p.remoteAddr ?? '127.0.0.1'],
    user_agent: p.userAgent ?? 'Mozilla/5.0',
    has_remote_addr: false,
    has_user_agent: p.userAgent !== undefined,
  };
  const resetKey = newZatoId('zprtrkey');
  return {
    id: p.id,
    creation_time: created,
    expiration_time: expires,
    creation_ctx: zatoJson(zatoJson(ctx)),
    token: newZatoId(''),
    type_: 'prt',
    reset_key: p.encryptResetKey ? fernet.encrypt(resetKey) : resetKey,
    reset_key_exp_time: expires,
    has_been_accessed: d.bool(p.accessed),
    access_time: p.accessed ? created : null,
    access_ctx: p.accessed ? zatoJson(zatoJson(ctx)) : null,
    is_password_reset: d.bool(false),
    password_reset_time: null,
    password_reset_ctx: null,
    opaque1: zatoJson(zatoJson(null)),
    user_id: p.userId,
  };
}
