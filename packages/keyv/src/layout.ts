import { childKey, normalizeBranch, type OocdEntry } from '@authstate/oocd-core';
import { escapeName, HASHED_PREFIX, segmentOf, shardOf, unescapeName } from './segment.js';

/** Metadata name holding the escaped name of an entry stored under a hashed segment. */
export const NAME_METADATA = 'keyv.name';

// Marks a name Keyv passed without the `namespace:` prefix (Keyv's `useKeyPrefix: false`), so
// the iterator gives it back unchanged. `%r` is never produced by escaping.
const RAW = '%r';

/** Where one Keyv key lives in the OOCD. */
export interface Placement {
  /** The full OOCD key: `<base>/<namespace>/<shard>/<name>`. */
  key: string;
  /** The metadata to store with it (the name, when the segment is a hash). */
  metadata: Record<string, string> | undefined;
}

/**
 * Maps Keyv keys to OOCD keys and back. Layout: `<base>/<namespace>/<shard>/<name>`: the
 * namespace is one branch (so `clear()` is one recursive remove), the shard (2 hex digits from a
 * hash of the name) splits it into 256 sub-branches (so the iterator reads one at a time), and the
 * name is the key without Keyv's `namespace:` prefix, escaped reversibly.
 */
export class Layout {
  /** The base branch, canonical (`/keyv`). */
  readonly base: string;

  constructor(base: string) {
    this.base = normalizeBranch(base);
  }

  /** The branch of a namespace (`undefined` and `''` share one: Keyv treats both as none). */
  namespaceBranch(namespace: string | undefined): string {
    return childKey(this.base, segmentOf(escapeName(namespace ?? '')));
  }

  /** Where Keyv's `key` lives when the store's namespace is `namespace`. */
  place(namespace: string | undefined, key: string): Placement {
    const stored = storedName(namespace, key);
    const segment = segmentOf(stored);
    const branch = childKey(this.namespaceBranch(namespace), shardOf(stored));
    return { key: childKey(branch, segment), metadata: segment === stored ? undefined : { [NAME_METADATA]: stored } };
  }

  /** The Keyv key of an entry found under the namespace's branch, or `undefined` if foreign. */
  keyvKey(namespace: string | undefined, entry: OocdEntry): string | undefined {
    const segment = entry.key.slice(entry.key.lastIndexOf('/') + 1);
    const stored = segment.startsWith(HASHED_PREFIX) ? entry.metadata[NAME_METADATA] : segment;
    if (stored === undefined) return undefined;
    const raw = stored.startsWith(RAW);
    const name = unescapeName(raw ? stored.slice(RAW.length) : stored);
    if (name === undefined) return undefined;
    return namespace && !raw ? `${namespace}:${name}` : name;
  }
}

function storedName(namespace: string | undefined, key: string): string {
  if (!namespace) return escapeName(key);
  if (key.startsWith(namespace) && key.charCodeAt(namespace.length) === 0x3a) return escapeName(key.slice(namespace.length + 1));
  return RAW + escapeName(key);
}
