import { type BackendArgs, withBackend, withBackendOptions } from '../../backend-options.js';
import { defineCommand } from '../../command.js';
import { say } from '../../output.js';

/** `authstate oocd reap`: deletes expired entries now; prints how many. */
export const reapCommand = defineCommand({
  command: 'reap',
  describe: 'Delete expired entries now; prints how many',
  builder: (y) => withBackendOptions(y.example('$0 oocd reap --dir /var/lib/authstate/oocd', '')),
  run: (args) =>
    withBackend(args as BackendArgs, async (oocd) => {
      say(String(await oocd.reap()));
      return 0;
    }),
});
