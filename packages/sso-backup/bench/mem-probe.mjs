// Peak process.memoryUsage() fields (MiB) over one backup / restore run from dist/, sampled every 20 ms:
// node bench/mem-probe.mjs backup <serverDir> <out> [sql]  |  node bench/mem-probe.mjs restore <file> <serverDir>
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
};
const start = process.memoryUsage().rss;
const timer = setInterval(sample, 20);
timer.unref();
await import('./cli.mjs');
sample();
clearInterval(timer);
const mib = (n) => (n / 1048576).toFixed(0);
console.log(
  `rss at start ${mib(start)} MiB; peaks: ${Object.entries(peak)
    .map(([k, v]) => `${k} ${mib(v)}`)
    .join(', ')} MiB`,
);
