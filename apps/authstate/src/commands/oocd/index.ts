import { defineGroup } from '../../command.js';
import { getCommand, takeCommand } from './get.js';
import { lsCommand } from './ls.js';
import { migrateCommand } from './migrate.js';
import { nodesCommands } from './nodes/index.js';
import { putCommand } from './put.js';
import { reapCommand } from './reap.js';
import { rmCommand } from './rm.js';
import { schemaCommand } from './schema.js';
import { serveCommand } from './serve.js';

/** `authstate oocd …`: the out-of-context data service. */
export const oocdCommands = defineGroup('oocd', 'Out-of-context data: put, get, take, ls, rm, reap, schema, migrate, serve, nodes', [
  putCommand,
  getCommand,
  takeCommand,
  lsCommand,
  rmCommand,
  reapCommand,
  schemaCommand,
  migrateCommand,
  serveCommand,
  nodesCommands,
]);
