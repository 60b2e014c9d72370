import type { OocdEntry } from '@authstate/oocd-core';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The histogram's buckets: an entry falls in the first whose bound its remaining time does not pass. */
export const EXPIRY_BUCKETS: readonly { label: string; upToMs: number }[] = [
  { label: '< 1 min', upToMs: MIN },
  { label: '1–5 min', upToMs: 5 * MIN },
  { label: '5–15 min', upToMs: 15 * MIN },
  { label: '15–60 min', upToMs: HOUR },
  { label: '1–6 h', upToMs: 6 * HOUR },
  { label: '6–24 h', upToMs: DAY },
  { label: '1–7 d', upToMs: 7 * DAY },
  { label: '7–30 d', upToMs: 30 * DAY },
  { label: '> 30 d', upToMs: Number.POSITIVE_INFINITY },
];

/** When the live entries of a branch expire, counted per bucket of remaining time. */
export interface ExpiryHistogram {
  branch: string;
  /** The instant remaining times are measured from (ISO 8601, UTC). */
  now: string;
  /** Live entries in the branch's subtree; the buckets add up to it. */
  live: number;
  buckets: { label: string; count: number }[];
  /** Entries in the subtree expired at `now` but still stored (not reaped yet), when that can be seen. */
  expired?: number;
}

/**
 * Counts `entries` (live, as a recursive listing returns them) into {@link EXPIRY_BUCKETS} by
 * their remaining time at `now`. An entry that expired between the listing and `now` counts in
 * the first bucket, so the buckets always add up to `entries.length`.
 *
 * @example
 * ```ts
 * expiryHistogram('/saml', await oocd.list('/saml', { recursive: true }), new Date());
 * ```
 */
export function expiryHistogram(branch: string, entries: readonly OocdEntry[], now: Date): ExpiryHistogram {
  const counts = EXPIRY_BUCKETS.map(() => 0);
  for (const e of entries) {
    const left = e.expiresAt.getTime() - now.getTime();
    const i = EXPIRY_BUCKETS.findIndex((b) => left <= b.upToMs);
    (counts[i] as number)++;
  }
  return {
    branch,
    now: now.toISOString(),
    live: entries.length,
    buckets: EXPIRY_BUCKETS.map((b, i) => ({ label: b.label, count: counts[i] as number })),
  };
}
