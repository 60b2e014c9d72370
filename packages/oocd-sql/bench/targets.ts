import type { OocdConfig } from '@authstate/oocd-core';
import { openTarget, randomTable, type Target, targetKinds } from '../test/support/targets.js';

/** A database per dialect for the benchmark: `sqlite` always, the servers when `scripts/dbs.sh start` ran. */
export async function benchTargets(): Promise<Target[]> {
  const kinds = targetKinds();
  return Promise.all(kinds.map((k) => openTarget(k)));
}

/** A backend config on a fresh table of `target`. */
export function benchConfig(target: Target, extra: OocdConfig = {}): OocdConfig {
  return target.config(`bench_${randomTable()}`, { reaperInterval: 0, ...extra });
}
