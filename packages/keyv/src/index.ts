export { type KeyvOocdEntry, KeyvOocdStore, type KeyvOocdStoreOptions } from './keyv-oocd-store.js';
export { NAME_METADATA } from './layout.js';
export { escapeName, MAX_SEGMENT_BYTES, segmentOf, shardOf, unescapeName } from './segment.js';
