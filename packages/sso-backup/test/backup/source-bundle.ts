import { join } from 'node:path';
import { beforeAll } from '@jest/globals';
import { backup } from '../../src/backup/index.js';
import type { TestServer } from './servers.js';

/**
 * A SQLite source server with fixtures and its (unencrypted) bundle, made in the enclosing
 * block's beforeAll by `server` (from useServers), changed by `prepare` before the backup. Read `.src` / `.file` inside hooks and tests.
 */
export function useSourceBundle(
  server: (engine: 'sqlite', fixtures: boolean) => Promise<TestServer>,
  prepare?: (src: TestServer) => Promise<void>,
): {
  readonly src: TestServer;
  readonly file: string;
} {
  const made: { src?: TestServer; file?: string } = {};
  beforeAll(async () => {
    made.src = await server('sqlite', true);
    await prepare?.(made.src);
    made.file = join(made.src.dir, '..', 'sso.bundle');
    await backup(made.src.dir, made.file);
  });
  return {
    get src() {
      if (!made.src) throw new Error('useSourceBundle: available inside hooks and tests only');
      return made.src;
    },
    get file() {
      return made.file as string;
    },
  };
}
