export { formatNodesStatus, formatPurgeResults } from './format.js';
export { nodesStatus } from './nodes-status.js';
export { type PurgeOptions, type PurgeResult, purgeBinaryLogs } from './purge-binlogs.js';
export type { NodeStatus, NodesTarget, ReplicationStatus } from './types.js';
