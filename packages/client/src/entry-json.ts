import { errorFactory, type OocdEntry } from '@authstate/oocd-core';

const fail = errorFactory('client');

/** An entry as the data service sends it: the expiry as an ISO-8601 UTC string. */
export interface EntryJson {
  key: string;
  value: string;
  expiresAt: string;
  metadata: Record<string, string>;
}

/**
 * An entry of the data service's JSON answer as the service interface returns it (`expiresAt` a
 * `Date`). A body of another shape is `BACKEND` (the server is not an authstate data service, or a
 * proxy answered), never a half-filled entry.
 */
export function entryFromJson(json: unknown, what: string): OocdEntry {
  const e = json as Partial<EntryJson> | null;
  const expiresAt = new Date(typeof e?.expiresAt === 'string' ? e.expiresAt : Number.NaN);
  const metadata = e?.metadata;
  if (
    typeof e?.key !== 'string' ||
    typeof e.value !== 'string' ||
    Number.isNaN(expiresAt.getTime()) ||
    metadata === null ||
    typeof metadata !== 'object' ||
    Object.values(metadata).some((v) => typeof v !== 'string')
  ) {
    throw fail('BACKEND', `${what}: the answer is not an entry {key, value, expiresAt, metadata}; is the URL an authstate data service?`);
  }
  return { key: e.key, value: e.value, expiresAt, metadata: Object.freeze({ ...metadata }) };
}
