import { hash32, PENDING, type RingImage } from './journal-ring.js';

/** What changed in one directory since a listing: the name hashes written, up to `upTo`. */
export interface JournalDelta {
  /** The sequence number a listing refreshed with this delta is exact at. */
  upTo: number;
  /** Hashes of the base names package writers renamed onto in the directory since then. */
  names: ReadonlySet<number>;
}

/**
 * One read of the change journal, taken once per `children()` call before any directory is
 * listed. A listing made after it reflects every write whose record the snapshot holds, because a
 * writer renames first and records afterwards (see `journal.ts`).
 */
export class JournalSnapshot {
  /** No usable journal (missing, unreadable, not a journal): listings fall back to the directory version. */
  static readonly NONE = new JournalSnapshot(undefined, '');

  constructor(
    private readonly image: RingImage | undefined,
    /** The data directory: records name directories relative to it. */
    private readonly root: string,
  ) {}

  /** The journal's generation, or `undefined` without a journal. */
  get generation(): string | undefined {
    return this.image?.generation;
  }

  /**
   * The sequence number a listing read after this snapshot is exact at: the newest record, or the
   * one before when the newest is still {@link PENDING} (its writer is between the record and the
   * rename, or died there), so that the next call looks at that name again.
   */
  get position(): number {
    const img = this.image;
    if (!img) return 0;
    return img.record(img.newest)?.kind === PENDING ? img.newest - 1 : img.newest;
  }

  /**
   * The names written in `dir` after sequence `since` of journal `generation`, or `undefined` when
   * the snapshot cannot tell (no journal, another generation, a sequence going backwards, more
   * than the ring holds since, or a record missing or torn): then the caller re-lists in full.
   */
  changes(dir: string, generation: string | undefined, since: number): JournalDelta | undefined {
    const img = this.image;
    const upTo = this.position;
    if (!img || generation !== img.generation || since > upTo) return undefined;
    const dirHash = hash32(dir.slice(this.root.length));
    const names = new Set<number>();
    for (let seq = since + 1; seq <= img.newest; seq++) {
      const r = img.record(seq);
      if (!r) return undefined;
      if (r.dirHash === dirHash) names.add(r.nameHash);
    }
    return { upTo, names };
  }
}
