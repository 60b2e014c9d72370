import { defineCommand } from '../command.js';

/** placeholder */
export const demoCommand = defineCommand({ command: 'demo', describe: 'demo', builder: (y) => y, run: async () => 0 });
