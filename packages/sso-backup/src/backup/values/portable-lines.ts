import type { ByteBuilder } from '../bundle/byte-builder.js';
import type { ValueKind } from '../types.js';
import { isCanonicalRow, type TableChecksum } from './canonical.js';
import type { PortableValue } from './portable.js';

/**
 * Appends the portable lines (`R` frame text, one JSON array per row) of a batch to `out` and
 * adds the rows to the table's checksum: when every row is canonical (the common case since format
 * 2) the appended bytes themselves are hashed in one call; otherwise each row's canonical line is.
 * Returns whether the batch was all canonical.
 */
export function appendPortableLines(
  out: ByteBuilder,
  batch: readonly PortableValue[][],
  kinds: readonly ValueKind[],
  sum: TableChecksum,
): boolean {
  let canonical = true;
  const start = out.length;
  for (const row of batch) {
    out.appendThen(JSON.stringify(row), 10);
    if (canonical && !isCanonicalRow(row, kinds)) canonical = false;
  }
  if (canonical) sum.addBytes(out.view(start), batch.length);
  else for (const row of batch) sum.add(row);
  return canonical;
}
