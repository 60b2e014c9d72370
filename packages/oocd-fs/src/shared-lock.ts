import { type FileHandle, open } from 'node:fs/promises';
import { Mutex } from './mutex.js';
import { ofdLocks } from './ofd-locks.js';

/** Byte of the lock file that is the global lock. */
const GLOBAL_BYTE = 0;
/** Entry locks are bytes 1..ENTRY_SLOTS of the lock file; a key hashes to one of them. */
export const ENTRY_SLOTS = 4096;
/** Polling bounds while an entry lock is held elsewhere (entry locks are only ever held briefly). */
const POLL_MIN_MS = 1;
const POLL_MAX_MS = 25;

/**
 * The locks of one data directory, shared by every driver instance of this process that uses it.
 *
 * - The **global lock** is an exclusive OFD lock on byte 0 of `<dir>/.lock`, taken after an
 *   in-process mutex. Every write takes it, so writes of all processes are serialised; the kernel
 *   drops it when its holder dies (no stale-lock heuristics).
 * - An **entry lock** is an exclusive OFD lock on byte `1 + slot(key)`, after an in-process mutex
 *   for that slot. Writers take it inside the global lock; a reaper configured with
 *   `lockGloballyWhenReaping=false` takes only the entry lock of what it deletes, so it never
 *   stops writers of other entries.
 *
 * OFD locks of one open file description never conflict with each other, which is why one process
 * uses one descriptor per directory and relies on the mutexes inside. Only the global lock waits in
 * a thread-pool thread (at most one waiter per directory and process, thanks to the mutex); entry
 * locks poll, so waiting can never exhaust the thread pool.
 */
export class SharedLock {
  readonly #handle: FileHandle;
  readonly #global = new Mutex();
  readonly #slots = new Map<number, { mutex: Mutex; users: number }>();
  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Opens (creating, mode 0600) the lock file. */
  static async open(path: string): Promise<SharedLock> {
    return new SharedLock(await open(path, 'a+', 0o600));
  }

  /** Runs `fn` holding the global lock. */
  withGlobal<T>(fn: () => Promise<T>): Promise<T> {
    return this.#global.run(async () => {
      const fsx = await ofdLocks();
      const fd = this.#handle.fd;
      if (!fsx.tryLock(fd, GLOBAL_BYTE, 1)) await fsx.waitForLock(fd, GLOBAL_BYTE, 1);
      try {
        return await fn();
      } finally {
        fsx.unlock(fd, GLOBAL_BYTE, 1);
      }
    });
  }

  /** Runs `fn` holding the entry lock of `slot` (see {@link slotOf}). */
  async withEntry<T>(slot: number, fn: () => Promise<T>): Promise<T> {
    let s = this.#slots.get(slot);
    if (!s) {
      s = { mutex: new Mutex(), users: 0 };
      this.#slots.set(slot, s);
    }
    s.users++;
    const state = s;
    try {
      return await state.mutex.run(async () => {
        const fsx = await ofdLocks();
        const fd = this.#handle.fd;
        const byte = 1 + slot;
        for (let wait = POLL_MIN_MS; !fsx.tryLock(fd, byte, 1); wait = Math.min(wait * 2, POLL_MAX_MS)) {
          await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())));
        }
        try {
          return await fn();
        } finally {
          fsx.unlock(fd, byte, 1);
        }
      });
    } finally {
      if (--state.users === 0) this.#slots.delete(slot);
    }
  }

  /** Runs `fn` holding the global lock and the entry lock of `slot` (always in this order). */
  withGlobalAndEntry<T>(slot: number, fn: () => Promise<T>): Promise<T> {
    return this.withGlobal(() => this.withEntry(slot, fn));
  }

  /** Closes the lock file (dropping every lock this process holds on it). */
  close(): Promise<void> {
    return this.#handle.close();
  }
}

/** The entry-lock slot of a key. */
export function slotOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % ENTRY_SLOTS;
}

// One SharedLock per directory per process, even if this module is loaded twice (e.g. from src and
// dist), so that instances on the same directory share the in-process mutexes. References are
// counted synchronously, so a release can never close a lock another caller is about to get.
const REGISTRY = Symbol.for('@authstate/oocd-fs/shared-locks');
type Registry = Map<string, { lock: Promise<SharedLock>; refs: number }>;
const registry: Registry = ((globalThis as Record<symbol, unknown>)[REGISTRY] as Registry | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[REGISTRY] = registry;

/** The shared lock of a data directory (by its real path); release it with {@link releaseSharedLock}. */
export async function acquireSharedLock(realDir: string, lockPath: string): Promise<SharedLock> {
  let record = registry.get(realDir);
  if (!record) {
    record = { lock: SharedLock.open(lockPath), refs: 0 };
    registry.set(realDir, record);
  }
  record.refs++;
  try {
    return await record.lock;
  } catch (e) {
    if (--record.refs === 0 && registry.get(realDir) === record) registry.delete(realDir);
    throw e;
  }
}

/** Drops one reference; the last one closes the lock file. */
export async function releaseSharedLock(realDir: string): Promise<void> {
  const record = registry.get(realDir);
  if (!record || --record.refs > 0) return;
  registry.delete(realDir);
  await (await record.lock).close();
}
