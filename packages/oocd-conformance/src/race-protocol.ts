import type { OocdConfig } from '@authstate/oocd-core';

/** Messages from the race parent to a worker. */
export type ParentMessage =
  | { type: 'init'; config: OocdConfig }
  | { type: 'go'; op: 'create' | 'take'; keys: string[]; id: string }
  | { type: 'exit' };

/** Messages from a worker to the race parent. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; op: 'create' | 'take'; won: Record<string, string> }
  | { type: 'error'; message: string };
