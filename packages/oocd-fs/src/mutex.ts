/**
 * A FIFO mutex for async code in one process: `run(fn)` calls `fn` when every earlier caller
 * has finished. It coordinates concurrent calls of one process; across processes the OFD lock
 * in {@link ./shared-lock.ts} does.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `fn` alone (with respect to this mutex) and returns its result. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((r) => {
      release = r;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
