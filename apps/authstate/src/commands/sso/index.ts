import { defineGroup } from '../../command.js';
import { backupCommand } from './backup.js';
import { initServerCommand } from './init-server.js';
import { loginCommand } from './login.js';
import { restoreCommand } from './restore.js';
import { verifyCommand } from './verify.js';

/** `authstate sso …`: Zato SSO backup, restore, verify, login and test servers. */
export const ssoCommands = defineGroup('sso', 'Zato SSO: backup, restore, verify, login, init-server', [
  backupCommand,
  restoreCommand,
  verifyCommand,
  loginCommand,
  initServerCommand,
]);
