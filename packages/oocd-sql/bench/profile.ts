// One side of one throughput measurement, for profiling:
//   node --conditions=source --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.ts <sqlite|mariadb|postgres> <create|get|list-1000> <clients> <ours|raw> [ms]
// Servers from `eval "$(bash scripts/dbs.sh start)"`.
import { openTarget, type TargetKind } from '../test/support/targets.js';
import { opsPerSecond } from './measure.js';
import { OPS, type Op, openWorkload } from './workload.js';

const [kind, op, clients, side, ms] = process.argv.slice(2);
if (!kind || !OPS.includes(op as Op) || (side !== 'ours' && side !== 'raw')) {
  console.error('usage: profile.ts <sqlite|mariadb|postgres> <create|get|list-1000> <clients> <ours|raw> [ms]');
  process.exit(2);
}
const target = await openTarget(kind as TargetKind);
const n = Number(clients ?? 1);
const w = await openWorkload(target, n);
try {
  await opsPerSecond(n, 300, w[side][op as Op]); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const rate = await opsPerSecond(n, Number(ms ?? 5000), w[side][op as Op]);
  const cpu = process.cpuUsage(cpu0);
  const count = (rate * (performance.now() - t0)) / 1000;
  const perOp = (cpu.user + cpu.system) / count;
  console.log(`${kind} ${op} ${n} client(s) ${side}: ${Math.round(rate)} ops/s, client CPU ${perOp.toFixed(1)} µs/op`);
} finally {
  await w.close();
  await target.drop();
}
