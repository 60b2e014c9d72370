import type { OocdEntry } from '@authstate/oocd-core';
import { parseHeaderLines } from './header-lines.js';
import { escapePropertyKey, escapePropertyValue } from './properties-escape.js';

/** Version of the entry file format (the `format` header line). */
export const FORMAT_VERSION = '1';
const SEPARATOR = Buffer.from('\n\n');
const META_PREFIX = 'meta.';
const COMMENT = '# authstate OOCD entry. Properties header, a blank line, then the value (exactly valueBytes bytes).\n';

/**
 * The bytes of one entry file: a Java-properties header (`format`, `key`, `expiresAt`,
 * `valueBytes`, one `meta.<name>` line per metadata item), a blank line, then the value's UTF-8
 * bytes. Value and metadata live in one file so a single atomic rename replaces both.
 *
 * @example
 * ```
 * # authstate OOCD entry. ...
 * format=1
 * key=/saml/msgid/_a1
 * expiresAt=2030-01-01T00:00:00.000Z
 * valueBytes=4
 * meta.client=portal
 *
 * seen
 * ```
 */
export function serializeEntry(entry: OocdEntry): Buffer {
  const value = Buffer.from(entry.value, 'utf8');
  let header = `${COMMENT}format=${FORMAT_VERSION}\nkey=${escapePropertyValue(entry.key)}\n`;
  header += `expiresAt=${entry.expiresAt.toISOString()}\nvalueBytes=${value.length}\n`;
  for (const [k, v] of Object.entries(entry.metadata)) header += `${escapePropertyKey(META_PREFIX + k)}=${escapePropertyValue(v)}\n`;
  return Buffer.concat([Buffer.from(header, 'utf8'), Buffer.from('\n'), value]);
}

/** What the header says, without the value. */
export interface EntryHeader {
  key: string;
  expiresAt: Date;
  metadata: Readonly<Record<string, string>>;
  /** Offset of the value in the file. */
  valueOffset: number;
  valueBytes: number;
}

/** Thrown for a file that is not a well-formed entry file; the message says what is wrong. */
export class MalformedEntryError extends Error {}

/**
 * Parses the header from the first bytes of an entry file. `fileSize` (the whole file's size)
 * detects truncation. Throws {@link MalformedEntryError} when anything does not fit.
 */
export function parseHeader(head: Buffer, fileSize: number): EntryHeader {
  const end = head.indexOf(SEPARATOR);
  if (end < 0) throw new MalformedEntryError('no blank line after the header');
  const props = parseHeaderLines(head.subarray(0, end).toString('utf8'));
  if (props.get('format') !== FORMAT_VERSION) throw new MalformedEntryError(`format is not ${FORMAT_VERSION}`);
  const key = props.get('key');
  if (!key) throw new MalformedEntryError('no key');
  const expiresAt = new Date(props.get('expiresAt') ?? 'missing');
  if (Number.isNaN(expiresAt.getTime())) throw new MalformedEntryError('expiresAt is not an ISO-8601 instant');
  const bytesText = props.get('valueBytes') ?? '';
  const valueBytes = /^\d{1,10}$/.test(bytesText) ? Number(bytesText) : Number.NaN;
  if (Number.isNaN(valueBytes)) throw new MalformedEntryError('valueBytes is not a number');
  const valueOffset = end + SEPARATOR.length;
  if (fileSize !== valueOffset + valueBytes) {
    throw new MalformedEntryError(`the value is ${fileSize - valueOffset} bytes, valueBytes says ${valueBytes} (truncated or edited?)`);
  }
  const metadata: Record<string, string> = {};
  for (const [k, v] of props) if (k.startsWith(META_PREFIX) && k.length > META_PREFIX.length) metadata[k.slice(META_PREFIX.length)] = v;
  return { key, expiresAt, metadata: Object.freeze(metadata), valueOffset, valueBytes };
}

/** Parses a whole entry file into an entry. Throws {@link MalformedEntryError}. */
export function parseEntry(file: Buffer): OocdEntry {
  const h = parseHeader(file, file.length);
  return { key: h.key, value: file.subarray(h.valueOffset).toString('utf8'), expiresAt: h.expiresAt, metadata: h.metadata };
}
