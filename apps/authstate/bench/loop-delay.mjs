// Preloaded into the `oocd serve` process by bench/serve-load.ts (NODE_OPTIONS=--import …): records
// the event-loop delay; on SIGUSR2 appends the delay since the previous signal (p50, p99, max in
// ms) as a JSON line to the file named by AUTHSTATE_BENCH_LOOP_DELAY, and starts over.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.AUTHSTATE_BENCH_LOOP_DELAY;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('SIGUSR2', () => {
    const line = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    histogram.reset();
  });
}
