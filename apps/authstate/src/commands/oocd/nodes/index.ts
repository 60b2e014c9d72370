import { defineGroup } from '../../../command.js';
import { purgeBinlogsCommand } from './purge-binlogs.js';
import { statusCommand } from './status.js';

/** `authstate oocd nodes …`: the operational commands of a fail-over database pair. */
export const nodesCommands = defineGroup(
  'nodes',
  'The database nodes of a fail-over URL: status, purge-binlogs',
  [statusCommand, purgeBinlogsCommand],
  'oocd nodes',
);
