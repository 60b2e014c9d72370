import type { OocdEntry } from '@authstate/oocd-core';

/** The page receives at most this many bytes of a value (UTF-8, whole characters). */
export const VALUE_PREVIEW_BYTES = 1024;

/** An entry as the page shows it: the value cut to {@link VALUE_PREVIEW_BYTES}, with its full size. */
export interface EntryView {
  key: string;
  /** The value's size in UTF-8 bytes. */
  bytes: number;
  /** The value, or its first {@link VALUE_PREVIEW_BYTES} bytes (never half a character). */
  value: string;
  truncated: boolean;
  expiresAt: string;
  metadata: Readonly<Record<string, string>>;
}

/**
 * The page's view of an entry.
 *
 * @example
 * ```ts
 * entryView({ key: '/a', value: 'x'.repeat(5000), expiresAt, metadata: {} }).truncated; // true
 * ```
 */
export function entryView(entry: OocdEntry, limit = VALUE_PREVIEW_BYTES): EntryView {
  const bytes = Buffer.byteLength(entry.value, 'utf8');
  const value = bytes <= limit ? entry.value : utf8Prefix(entry.value, limit);
  return { key: entry.key, bytes, value, truncated: bytes > limit, expiresAt: entry.expiresAt.toISOString(), metadata: entry.metadata };
}

/** The longest prefix of `s` of at most `limit` UTF-8 bytes that ends on a whole character. */
function utf8Prefix(s: string, limit: number): string {
  let used = 0;
  let end = 0;
  for (const ch of s) {
    used += Buffer.byteLength(ch, 'utf8');
    if (used > limit) break;
    end += ch.length;
  }
  return s.slice(0, end);
}
