import { errorFactory, type OocdEntry } from '@authstate/oocd-core';
import type { KeyCodec } from './dialects/parts/key-codec.js';
import type { RowParams } from './statement-params.js';

const fail = errorFactory('oocd-sql');

/** The columns every read returns (the key possibly through `DialectOps.keyAsText`, see `entryColumns`). */
export const ENTRY_COLUMNS = ['entry_key', 'entry_value', 'metadata', 'expires_at'] as const;

const EMPTY = Object.freeze({}) as Readonly<Record<string, string>>;

/** The parameters that write an entry as one row (metadata as JSON, expiry as epoch ms). */
export function rowParams(entry: OocdEntry, keys: KeyCodec): Record<RowParams, unknown> {
  const hasMetadata = Object.keys(entry.metadata).length > 0;
  return {
    key: keys.keyParam(entry.key),
    value: entry.value,
    metadata: hasMetadata ? JSON.stringify(entry.metadata) : '{}',
    expiresAt: entry.expiresAt.getTime(),
  };
}

/** Turns a row into an entry. */
export function rowToEntry(row: Record<string, unknown>, keys: KeyCodec): OocdEntry {
  return toEntry(row.entry_key, row.entry_value, row.metadata, row.expires_at, keys);
}

/** Turns a row read as an array (the columns in {@link ENTRY_COLUMNS} order) into an entry. */
export function arrayToEntry(row: readonly unknown[], keys: KeyCodec): OocdEntry {
  return toEntry(row[0], row[1], row[2], row[3], keys);
}

function toEntry(rawKey: unknown, value: unknown, metadata: unknown, expiresAt: unknown, keys: KeyCodec): OocdEntry {
  const key = typeof rawKey === 'string' ? rawKey : keys.readKey(rawKey);
  return {
    key,
    value: typeof value === 'string' ? value : String(value),
    expiresAt: new Date(typeof expiresAt === 'number' ? expiresAt : Number(expiresAt)),
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
