import type { Target } from '../test/support/targets.js';
import { type Comparison, compare, opsPerSecond } from './measure.js';
import { OPS, openWorkload } from './workload.js';

/** One line of the throughput table. */
export interface ThroughputRow extends Comparison {
  dialect: string;
  op: string;
  clients: number;
}

/**
 * create, get and list-1000 per second through the public service (`openOocd`, class sql) and
 * through the raw driver running the same SQL text on its own table with the same settings and
 * pool size (see `workload.ts`), compared round by round.
 */
export async function throughput(target: Target, clients: number, ms: number, rounds: number, ops = OPS): Promise<ThroughputRow[]> {
  const w = await openWorkload(target, clients);
  const rows: ThroughputRow[] = [];
  try {
    for (const op of ops) {
      const r = await compare(
        rounds,
        () => opsPerSecond(clients, ms, w.raw[op]),
        () => opsPerSecond(clients, ms, w.ours[op]),
      );
      rows.push({ dialect: target.kind, op, clients, ...r });
    }
  } finally {
    await w.close();
  }
  return rows;
}
