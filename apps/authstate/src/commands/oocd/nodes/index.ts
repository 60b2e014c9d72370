import { defineGroup } from '../../../command.js';

/** `authstate oocd nodes …`: the operational commands of a fail-over database pair. */
export const nodesCommands = defineGroup(
  'nodes',
  'The database nodes of a fail-over URL: status, purge-binlogs',
  {
    status: async () => (await import('./status.js')).statusCommand,
    'purge-binlogs': async () => (await import('./purge-binlogs.js')).purgeBinlogsCommand,
  },
  'oocd nodes',
);
