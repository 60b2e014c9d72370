import { defineGroup } from '../../command.js';

/** `authstate sso …`: Zato SSO backup, restore, verify, login and test servers (each module loads on use). */
export const ssoCommands = defineGroup('sso', 'Zato SSO: backup, restore, verify, login, init-server', {
  backup: async () => (await import('./backup.js')).backupCommand,
  restore: async () => (await import('./restore.js')).restoreCommand,
  verify: async () => (await import('./verify.js')).verifyCommand,
  login: async () => (await import('./login.js')).loginCommand,
  'init-server': async () => (await import('./init-server.js')).initServerCommand,
});
