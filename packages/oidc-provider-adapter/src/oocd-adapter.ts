import { childKey, errorFactory, MAX_EXPIRY, type OocdEntry, type OutOfContextDataService, type SetOptions } from '@authstate/oocd-core';
import { CONSUMED, isBadIdentifier, Keys } from './keys.js';
import { CONSUMABLE, GRANT_BOUND } from './models.js';
import type { AdapterPayload, OidcAdapter } from './payload.js';

const fail = errorFactory('oidc-provider-adapter');

/** Metadata of a pointer entry: the grant whose branch holds the payload. */
const GRANT_METADATA = 'grant';

/**
 * An oidc-provider `Adapter` for one model over an {@link OutOfContextDataService}. Create them
 * with {@link createOidcAdapter}; see {@link Keys} for the layout.
 *
 * Writes that touch two entries are ordered so that a process killed between them leaves nothing
 * a caller can misuse: the payload is written before the entry that makes it findable (pointer or
 * index), and removed before it.
 */
export class OocdAdapter implements OidcAdapter {
  private readonly keys: Keys;

  constructor(
    private readonly oocd: OutOfContextDataService,
    readonly model: string,
    base: string,
  ) {
    this.keys = new Keys(base, model);
  }

  /** Stores a payload for `expiresIn` seconds (forever — until 9999 — without it). */
  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiry: SetOptions =
      typeof expiresIn === 'number' && Number.isFinite(expiresIn) ? { expiresAt: expiryIn(expiresIn * 1000) } : { expiresAt: MAX_EXPIRY };
    const value = JSON.stringify(payload);
    const grantId = this.grantOf(payload);
    if (grantId === undefined) {
      await this.oocd.set(this.keys.byId(id), value, expiry);
    } else {
      // Payload first: until the pointer exists it cannot be found, and revoking the grant removes it.
      await this.oocd.set(this.keys.inGrant(grantId, id), value, expiry);
      await this.oocd.set(this.keys.byId(id), grantId, { ...expiry, metadata: { [GRANT_METADATA]: grantId } });
    }
    // Indexes last: an index is only ever followed to a payload that exists and matches it.
    if (this.model === 'Session' && typeof payload.uid === 'string') await this.oocd.set(this.keys.index('uid', payload.uid), id, expiry);
    if (typeof payload.userCode === 'string') await this.oocd.set(this.keys.index('userCode', payload.userCode), id, expiry);
  }

  /** The payload (with `consumed` when consumed), or `undefined` when absent, expired or revoked. */
  async find(id: string): Promise<AdapterPayload | undefined> {
    return (await this.locate(id))?.payload;
  }

  /** The DeviceCode with this user code. */
  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findByIndex('userCode', userCode);
  }

  /** The Session with this uid. */
  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findByIndex('uid', uid);
  }

  /**
   * Marks the payload consumed: one atomic create of its `consumed` entry, so of two processes
   * consuming at once exactly one succeeds; the other gets `invalid_grant`.
   */
  async consume(id: string): Promise<void> {
    const found = await this.locate(id);
    if (!found) throw await invalidGrant(`${this.model} not found`);
    const at = String(Math.floor(Date.now() / 1000));
    if (!(await this.oocd.create(childKey(found.key, CONSUMED), at, { expiresAt: found.expiresAt }))) {
      throw await invalidGrant(`${this.model} already consumed`);
    }
  }

  /** Removes the payload (and its consumed marker and indexes). */
  async destroy(id: string): Promise<void> {
    const found = await this.locate(id);
    const byId = this.keys.byId(id);
    if (found && found.key !== byId) await this.oocd.remove(found.key, { recursive: true });
    await this.oocd.remove(byId, { recursive: true });
    if (found?.payload.uid !== undefined && this.model === 'Session') await this.oocd.remove(this.keys.index('uid', found.payload.uid));
    if (found?.payload.userCode !== undefined) await this.oocd.remove(this.keys.index('userCode', found.payload.userCode));
  }

  /** Removes every payload of this model in the grant: one recursive remove of the grant's branch. */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.oocd.remove(this.keys.grantBranch(grantId), { recursive: true });
  }

  private grantOf(payload: AdapterPayload): string | undefined {
    if (payload === null || typeof payload !== 'object') throw fail('INVALID_ARGUMENT', `The ${this.model} payload must be an object.`);
    return GRANT_BOUND.has(this.model) && typeof payload.grantId === 'string' && payload.grantId !== '' ? payload.grantId : undefined;
  }

  private async findByIndex(kind: 'uid' | 'userCode', value: string): Promise<AdapterPayload | undefined> {
    let index: OocdEntry | undefined;
    try {
      index = await this.oocd.get(this.keys.index(kind, value));
    } catch (e) {
      if (isBadIdentifier(e)) return undefined;
      throw e;
    }
    const payload = index && (await this.find(index.value));
    // An index left behind by a rotated or destroyed payload never yields another payload.
    return payload?.[kind] === value ? payload : undefined;
  }

  /** Reads the entry by id, follows a pointer into its grant, and merges the consumed marker. */
  private async locate(id: string): Promise<{ key: string; expiresAt: Date; payload: AdapterPayload } | undefined> {
    let entry: OocdEntry | undefined;
    try {
      entry = await this.oocd.get(this.keys.byId(id));
    } catch (e) {
      if (isBadIdentifier(e)) return undefined;
      throw e;
    }
    if (!entry) return undefined;
    const grantId = entry.metadata[GRANT_METADATA];
    const key = grantId === undefined ? entry.key : this.keys.inGrant(grantId, id);
    const consumable = CONSUMABLE.has(this.model);
    const [stored, consumed] = await Promise.all([
      grantId === undefined ? entry : this.oocd.get(key),
      consumable ? this.oocd.get(childKey(key, CONSUMED)) : undefined,
    ]);
    if (!stored) return undefined;
    const payload = parse(stored);
    if (consumed && payload.consumed === undefined) payload.consumed = Number(consumed.value);
    return { key, expiresAt: stored.expiresAt, payload };
  }
}

/** oidc-provider's `invalid_grant` error (loaded on first use: the adapter's other paths never need oidc-provider). */
async function invalidGrant(detail: string): Promise<Error> {
  const { errors } = await import('oidc-provider');
  return new errors.InvalidGrant(detail);
}

function parse(entry: OocdEntry): AdapterPayload {
  try {
    return JSON.parse(entry.value) as AdapterPayload;
  } catch (e) {
    throw fail('CORRUPT', `The payload at ${entry.key} is not JSON; remove it (it was not written by this adapter).`, e);
  }
}

/** Options of {@link createOidcAdapter}. */
export interface OidcAdapterOptions {
  /** The branch everything is stored under (default `/oidc`). */
  base?: string;
}

/**
 * The `adapter` option of oidc-provider: a factory making one {@link OocdAdapter} per model, all
 * on one OOCD service.
 *
 * @example
 * ```ts
 * const oocd = await openOocd({ class: 'sql', url: 'sqlite:/var/lib/idp/oocd.sqlite' });
 * const provider = new Provider('https://idp.example', { adapter: createOidcAdapter(oocd), ... });
 * ```
 */
export function createOidcAdapter(oocd: OutOfContextDataService, options: OidcAdapterOptions = {}): (model: string) => OocdAdapter {
  if (!oocd || typeof oocd.create !== 'function' || typeof oocd.remove !== 'function') {
    throw fail('INVALID_ARGUMENT', 'createOidcAdapter needs an OutOfContextDataService (e.g. from openOocd()) as its first argument.');
  }
  const base = options.base ?? '/oidc';
  new Keys(base, 'Session'); // validates `base` now, not at the first request
  return (model: string) => new OocdAdapter(oocd, model, base);
}

/** `ms` from now as an instant (0 or negative: already expired, as oidc-provider means it), at most MAX_EXPIRY. */
function expiryIn(ms: number): Date {
  return new Date(Math.min(Date.now() + Math.round(ms), MAX_EXPIRY.getTime()));
}
