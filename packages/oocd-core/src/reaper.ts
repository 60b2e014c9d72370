/** A running reaper. */
export interface ReaperHandle {
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `reap` every `intervalMs` on a timer that does not keep the process alive. Runs never
 * overlap: the next one is scheduled when the previous one has finished. `onRun` gets the count
 * and duration in seconds of each successful run (e.g. for metrics), `onError` the failure of a run.
 */
export function startReaper(
  reap: () => Promise<number>,
  intervalMs: number,
  onError: (e: unknown) => void,
  onRun: (reaped: number, seconds: number) => void = () => {},
): ReaperHandle {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  const tick = () => {
    const start = performance.now();
    running = reap()
      .then((n) => onRun(n, (performance.now() - start) / 1000), onError)
      .finally(() => {
        running = undefined;
        schedule();
      });
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
