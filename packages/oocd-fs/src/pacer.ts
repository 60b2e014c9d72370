/** Synchronous file-system calls in a row before a listing lets the event loop run (~0.5 ms of work). */
export const CALLS_PER_TURN = 64;

/**
 * Paces a loop of synchronous file-system calls: {@link Pacer.due} turns true every
 * {@link CALLS_PER_TURN} calls, and then `await yieldTurn()` lets timers and I/O of other requests
 * run before the loop goes on, so a listing of thousands of files never holds the event loop long.
 */
export class Pacer {
  #calls = 0;

  /** Counts one call; true when the loop should yield now. */
  due(): boolean {
    return ++this.#calls % CALLS_PER_TURN === 0;
  }
}

/** Resolves after one turn of the event loop (in the check phase, after pending I/O callbacks). */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
