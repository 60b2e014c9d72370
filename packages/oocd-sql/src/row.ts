import { errorFactory, type OocdEntry } from '@authstate/oocd-core';
import type { DialectOps, RowParams } from './dialects/index.js';

const fail = errorFactory('oocd-sql');

/** The columns every read returns (the key possibly through `DialectOps.keyAsText`, see `entryColumns`). */
export const ENTRY_COLUMNS = ['entry_key', 'entry_value', 'metadata', 'expires_at'] as const;

const EMPTY = Object.freeze({}) as Readonly<Record<string, string>>;

/** The parameters that write an entry as one row (metadata as JSON, expiry as epoch ms). */
export function rowParams(entry: OocdEntry, ops: DialectOps): Record<RowParams, unknown> {
  const hasMetadata = Object.keys(entry.metadata).length > 0;
  return {
    key: ops.keyParam(entry.key),
    value: entry.value,
    metadata: hasMetadata ? JSON.stringify(entry.metadata) : '{}',
    expiresAt: entry.expiresAt.getTime(),
  };
}

/** Turns a row into an entry. */
export function rowToEntry(row: Record<string, unknown>, ops: DialectOps): OocdEntry {
  const raw = row.entry_key;
  const key = typeof raw === 'string' ? raw : ops.readKey(raw);
  const value = row.entry_value;
  const metadata = row.metadata;
  return {
    key,
    value: typeof value === 'string' ? value : String(value),
    expiresAt: new Date(Number(row.expires_at)),
    metadata: metadata === '{}' ? EMPTY : parseMetadata(key, metadata),
  };
}

function parseMetadata(key: string, raw: unknown): Readonly<Record<string, string>> {
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? '');
  if (text === '{}' || text === '') return EMPTY;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    for (const v of Object.values(parsed)) if (typeof v !== 'string') throw new Error('a value is not a string');
    return Object.freeze(parsed as Record<string, string>);
  } catch (e) {
    throw fail('CORRUPT', `The metadata column of ${JSON.stringify(key)} is not a JSON object of strings; remove or rewrite the row.`, e);
  }
}
