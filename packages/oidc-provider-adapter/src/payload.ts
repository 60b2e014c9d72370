/**
 * The slice of oidc-provider's adapter payload this adapter reads. Everything else is stored as
 * given (JSON).
 */
export interface AdapterPayload {
  /** The grant a token belongs to: its payload lives in that grant's branch. */
  grantId?: string;
  /** A Session's uid (indexed for `findByUid`). */
  uid?: string;
  /** A DeviceCode's user code (indexed for `findByUserCode`). */
  userCode?: string;
  /** Epoch seconds when consumed (set by `consume`, or by oidc-provider itself). */
  consumed?: number;
  [name: string]: unknown;
}

/** The adapter interface oidc-provider calls, one instance per model. */
export interface OidcAdapter {
  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<AdapterPayload | undefined>;
  findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
  findByUid(uid: string): Promise<AdapterPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}
