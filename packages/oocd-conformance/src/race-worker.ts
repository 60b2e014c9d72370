// A child process of the multi-process race: opens the backend from the config it is sent over
// IPC (never argv: it may hold passwords), waits for "go", races create or take over the keys,
// and reports which it won.
import { type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import type { ParentMessage, WorkerMessage } from './race-protocol.js';

let oocd: OutOfContextDataService | undefined;
const send = (m: WorkerMessage) => process.send?.(m);

process.on('message', async (m: ParentMessage) => {
  try {
    if (m.type === 'init') {
      oocd = await openOocd({ ...m.config, reaperInterval: 0 });
      send({ type: 'ready' });
    } else if (m.type === 'go' && oocd) {
      const won: Record<string, string> = {};
      const keys = [...m.keys].sort(() => Math.random() - 0.5);
      await Promise.all(
        keys.map(async (key) => {
          if (m.op === 'create') {
            if (await oocd?.create(key, m.id, { ttlMs: 600_000 })) won[key] = m.id;
          } else {
            const e = await oocd?.take(key);
            if (e) won[key] = e.value;
          }
        }),
      );
      send({ type: 'result', op: m.op, won });
    } else if (m.type === 'exit') {
      await oocd?.close();
      process.disconnect?.();
    }
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
