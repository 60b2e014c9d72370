import { errorFactory, type OocdEntry, type OutOfContextDataService } from '@authstate/oocd-core';

const fail = errorFactory('cli');

/** Counts of one {@link migrateEntries} run. */
export interface MigrateSummary {
  /** Live entries found in the source. */
  read: number;
  /** Entries written to the target (created or replaced). */
  copied: number;
  /** Entries that expired while the migration ran, so they were not written or not checked. */
  expiredSkipped: number;
  /** Entries read back from the target and found identical (value, expiry, metadata). */
  verified: number;
}

/** Options of {@link migrateEntries}. */
export interface MigrateOptions {
  /** Writes in flight at once (default 16). */
  concurrency?: number;
  /** Called as entries are copied and verified. */
  onProgress?: (phase: 'copy' | 'verify', done: number, total: number) => void;
  now?: () => Date;
}

/**
 * Copies every live entry from one service to another (any backend to any backend) keeping key,
 * value, absolute expiry and metadata, then reads them all back from the target (one recursive
 * listing) and compares each.
 * Idempotent: entries are upserted, so a re-run is safe. Expired entries are not copied.
 *
 * @throws AuthstateError `VERIFY_FAILED` naming the first differing key.
 * @example
 * ```ts
 * const s = await migrateEntries(await openOocd(fromCfg), await openOocd(toCfg));
 * console.log(`${s.copied} copied, ${s.verified} verified`);
 * ```
 */
export async function migrateEntries(
  from: OutOfContextDataService,
  to: OutOfContextDataService,
  opts: MigrateOptions = {},
): Promise<MigrateSummary> {
  const now = opts.now ?? (() => new Date());
  const concurrency = opts.concurrency ?? 16;
  const entries = await from.list('/', { recursive: true });
  const summary: MigrateSummary = { read: entries.length, copied: 0, expiredSkipped: 0, verified: 0 };
  const live = (e: OocdEntry) => e.expiresAt.getTime() > now().getTime();

  await eachLimited(entries, concurrency, async (e) => {
    if (!live(e)) {
      summary.expiredSkipped++;
      return;
    }
    await to.set(e.key, e.value, { expiresAt: e.expiresAt, metadata: { ...e.metadata } });
    summary.copied++;
    opts.onProgress?.('copy', summary.copied, entries.length);
  });

  // Read back with one listing of the target (a range scan, not one query per entry).
  const inTarget = new Map((await to.list('/', { recursive: true })).map((e) => [e.key, e]));
  let checked = 0;
  for (const e of entries) {
    const got = inTarget.get(e.key);
    opts.onProgress?.('verify', ++checked, entries.length);
    if (!got) {
      if (!live(e)) continue; // expired meanwhile: absent is right
      throw fail('VERIFY_FAILED', `Migrated entry ${JSON.stringify(e.key)} is missing from the target; re-run the migration.`);
    }
    const diff = difference(e, got);
    if (diff) throw fail('VERIFY_FAILED', `Migrated entry ${JSON.stringify(e.key)} differs in the target (${diff}); re-run the migration.`);
    summary.verified++;
  }
  return summary;
}

function difference(a: OocdEntry, b: OocdEntry): string | undefined {
  if (a.value !== b.value) return 'value';
  if (a.expiresAt.getTime() !== b.expiresAt.getTime()) return `expiry ${a.expiresAt.toISOString()} vs ${b.expiresAt.toISOString()}`;
  const ka = Object.keys(a.metadata).sort();
  const kb = Object.keys(b.metadata).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i] || a.metadata[k] !== b.metadata[k])) return 'metadata';
  return undefined;
}

/** Runs `fn` over `items` with at most `limit` promises in flight; stops at the first failure. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
