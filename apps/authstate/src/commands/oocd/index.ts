import { defineGroup } from '../../command.js';

/** `authstate oocd …`: the out-of-context data service (each subcommand's module loads on use). */
export const oocdCommands = defineGroup('oocd', 'Out-of-context data: put, get, take, ls, rm, reap, schema, migrate, serve, nodes', {
  put: async () => (await import('./put.js')).putCommand,
  get: async () => (await import('./get.js')).getCommand,
  take: async () => (await import('./get.js')).takeCommand,
  ls: async () => (await import('./ls.js')).lsCommand,
  rm: async () => (await import('./rm.js')).rmCommand,
  reap: async () => (await import('./reap.js')).reapCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  migrate: async () => (await import('./migrate.js')).migrateCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  nodes: async () => (await import('./nodes/index.js')).nodesCommands,
});
