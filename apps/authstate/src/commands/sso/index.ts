import { defineGroup } from '../../command.js';

/** placeholder */
export const ssoCommands = defineGroup('sso', 'Zato SSO', []);
