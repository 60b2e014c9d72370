import { childKey, errorFactory, isAuthstateError, normalizeBranch, validateKey } from '@authstate/oocd-core';

const fail = errorFactory('oidc-provider-adapter');

/** Name of the child entry that marks a payload consumed. */
export const CONSUMED = 'consumed';

/**
 * One identifier (id, grant id, uid, user code) as a key segment: percent-encoded like a URL
 * component (so `/`, `%`, controls and spaces cannot break out of it) and a leading `.` escaped.
 * oidc-provider's own identifiers are base64url and pass unchanged.
 * @throws AuthstateError `INVALID_ARGUMENT` for an empty or non-string identifier or one that is not valid Unicode.
 */
export function segment(what: string, id: unknown): string {
  if (typeof id !== 'string' || id === '') throw fail('INVALID_ARGUMENT', `The ${what} must be a non-empty string.`);
  let s: string;
  try {
    s = encodeURIComponent(id);
  } catch (e) {
    throw fail('INVALID_ARGUMENT', `The ${what} is not valid Unicode (it has a lone surrogate).`, e);
  }
  return s.charCodeAt(0) === 0x2e ? `%2E${s.slice(1)}` : s;
}

/** True for the errors a lookup of a hostile identifier raises: such an identifier is simply not found. */
export function isBadIdentifier(e: unknown): boolean {
  return isAuthstateError(e, 'INVALID_ARGUMENT') || isAuthstateError(e, 'INVALID_KEY');
}

/**
 * Where everything lives, under `base` (default `/oidc`):
 *
 * ```
 * <base>/<Model>/<id>                       payload, or a pointer (metadata grant=<grantId>) for a token of a grant
 * <base>/<Model>/<id>/consumed              the consumed marker (payloads outside a grant)
 * <base>/grants/<grantId>/<Model>/<id>      payload of a token of that grant
 * <base>/grants/<grantId>/<Model>/<id>/consumed
 * <base>/index/uid/<uid>                    Session uid → session id
 * <base>/index/userCode/<userCode>          DeviceCode user code → device code id
 * ```
 */
export class Keys {
  readonly base: string;
  readonly model: string;
  private readonly modelBranch: string;

  constructor(base: string, model: string) {
    this.base = normalizeBranch(base);
    this.model = model;
    this.modelBranch = childKey(this.base, segment('model name', model));
    validateKey(this.modelBranch);
  }

  /** The entry found by id: a payload, or a pointer into a grant branch. */
  byId(id: string): string {
    return childKey(this.modelBranch, segment('id', id));
  }

  /** The branch of this model's tokens of one grant (what `revokeByGrantId` removes). */
  grantBranch(grantId: string): string {
    return childKey(childKey(childKey(this.base, 'grants'), segment('grant id', grantId)), segment('model name', this.model));
  }

  /** The payload of a token of a grant. */
  inGrant(grantId: string, id: string): string {
    return childKey(this.grantBranch(grantId), segment('id', id));
  }

  /** A secondary index entry (`uid` or `userCode`). */
  index(kind: 'uid' | 'userCode', value: string): string {
    return childKey(childKey(childKey(this.base, 'index'), kind), segment(kind, value));
  }
}
