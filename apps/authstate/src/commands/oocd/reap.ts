import { say } from '../../output.js';
import { defineOocdCommand } from './define.js';

/** `authstate oocd reap`: deletes expired entries now; prints how many. */
export const reapCommand = defineOocdCommand({
  command: 'reap',
  describe: 'Delete expired entries now; prints how many',
  builder: (y) => y.example('$0 oocd reap --dir /var/lib/authstate/oocd', ''),
  run: async (_args, oocd) => {
    say(String(await oocd.reap()));
    return 0;
  },
});
