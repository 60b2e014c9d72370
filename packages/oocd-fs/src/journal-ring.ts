/**
 * The byte format of the change journal (`<dir>/.journal`, see `journal.ts`): a 32-byte header
 * (magic, slot count, a random generation id) and a ring of {@link SLOTS} records of 32 bytes,
 * eight 32-bit words each (host byte order: only processes of one machine share the file):
 *
 * | word | content |
 * |---|---|
 * | 0, 1 | sequence number (low, high 21 bits): record `n` lives in slot `n mod SLOTS` |
 * | 2 | kind: {@link PENDING} (written before the rename) or {@link DONE} (after it) |
 * | 3 | hash of the directory, relative to the data directory (`''` for the root, `/a/b` below it) |
 * | 4 | hash of the entry's base name (its file name without `.entry`) |
 * | 5, 6 | zero |
 * | 7 | checksum of words 0–6 |
 *
 * Hashes are 32-bit FNV-1a of the strings' UTF-16 code units. They only select what a reader looks
 * at again, so a collision costs an extra `lstat`, never a missed change. A record whose checksum
 * fails (torn by a concurrent write, or garbage) counts as missing, and a reader that misses a
 * record it needs re-lists the directory in full.
 */

/** Records in the ring. */
export const SLOTS = 256;
/** Bytes of one record. */
export const RECORD_BYTES = 32;
/** Bytes of the header. */
export const HEADER_BYTES = 32;
/** Bytes of the whole journal file. */
export const JOURNAL_BYTES = HEADER_BYTES + SLOTS * RECORD_BYTES;
/** Record kind: the writer is about to rename onto (or unlink) the name. */
export const PENDING = 1;
/** Record kind: the writer's rename is done. */
export const DONE = 2;

const MAGIC = 'oocdjrn1';
const WORDS = RECORD_BYTES / 4;
const HIGH = 2 ** 32;

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function checksum(w: Uint32Array, at: number): number {
  let h = 0x9e3779b9; // never 0 for an all-zero record: an empty slot is not a valid record
  for (let i = 0; i < WORDS - 1; i++) h = Math.imul(h ^ (w[at + i] as number), 0x01000193) ^ (h >>> 15);
  return h >>> 0;
}

/** A new journal file: the header with a fresh generation id, and an empty ring. */
export function newJournalBytes(generation: Buffer): Buffer {
  const b = Buffer.alloc(JOURNAL_BYTES);
  b.write(MAGIC, 0, 'latin1');
  b.writeUInt32LE(SLOTS, 8);
  generation.copy(b, 16, 0, 16);
  return b;
}

/** The 32 bytes of one record. */
export function encodeRecord(seq: number, kind: number, dirHash: number, nameHash: number): Buffer {
  const w = new Uint32Array(WORDS);
  w[0] = seq % HIGH;
  w[1] = Math.floor(seq / HIGH);
  w[2] = kind;
  w[3] = dirHash;
  w[4] = nameHash;
  w[7] = checksum(w, 0);
  return Buffer.from(w.buffer, w.byteOffset, RECORD_BYTES);
}

/** The byte offset of the slot of record `seq`. */
export function slotOffset(seq: number): number {
  return HEADER_BYTES + (seq % SLOTS) * RECORD_BYTES;
}

/** One valid record. */
export interface JournalRecord {
  seq: number;
  kind: number;
  dirHash: number;
  nameHash: number;
}

/**
 * One read of the whole journal file: its generation and valid records. `newest` is the highest
 * valid sequence number (0 for an empty ring). Checksums are checked when a record is asked for
 * (a reader needs the newest and the few after its listing's position, not all of them).
 */
export class RingImage {
  /** Per slot: 0 not checked yet, 1 valid, 2 not a record (torn, garbage or blank). */
  readonly #checked = new Uint8Array(SLOTS);
  #intact: boolean | undefined;

  private constructor(
    /** The journal file's generation id (hex): a recreated journal has another one. */
    readonly generation: string,
    /** The ring's words. */
    private readonly words: Uint32Array,
    readonly newest: number,
  ) {}

  /**
   * Parses a read of the journal file, or `undefined` when it is not one (size, magic, slots). The
   * image keeps a view of `bytes` when they are 4-byte aligned: do not reuse them.
   */
  static parse(bytes: Buffer): RingImage | undefined {
    if (bytes.length !== JOURNAL_BYTES || bytes.toString('latin1', 0, 8) !== MAGIC || bytes.readUInt32LE(8) !== SLOTS) return undefined;
    let words: Uint32Array;
    if (bytes.byteOffset % 4 === 0) words = new Uint32Array(bytes.buffer, bytes.byteOffset, JOURNAL_BYTES / 4);
    else {
      words = new Uint32Array(JOURNAL_BYTES / 4);
      Buffer.from(words.buffer).set(bytes);
    }
    const generation = bytes.toString('hex', 16, 32);
    // The newest record is the highest sequence number whose slot holds a valid record: try the
    // highest one written in its own slot first (the common case), else check them all.
    let top = 0;
    for (let s = 0; s < SLOTS; s++) {
      const seq = seqAt(words, s);
      if (seq > top && seq % SLOTS === s) top = seq;
    }
    const first = new RingImage(generation, words, top);
    if (top === 0 || first.record(top)) return first;
    let newest = 0;
    for (let s = 0; s < SLOTS; s++) {
      const seq = seqAt(words, s);
      if (seq > newest && first.record(seq)) newest = seq;
    }
    return new RingImage(generation, words, newest);
  }

  /**
   * True when every slot is blank or valid and the valid ones are the last `min(newest, SLOTS)`
   * sequence numbers. Writers replace a journal that is not (a torn or overwritten ring), so a
   * sequence number is never used twice in one generation.
   */
  get intact(): boolean {
    if (this.#intact === undefined) {
      let held = 0;
      for (let s = 0; s < SLOTS; s++) if (!isBlank(this.words, wordAt(s))) held++;
      let intact = held === Math.min(this.newest, SLOTS);
      for (let seq = this.newest; intact && seq > this.newest - held; seq--) intact = this.record(seq) !== undefined;
      this.#intact = intact;
    }
    return this.#intact;
  }

  /** Record `seq` if the ring holds it intact. */
  record(seq: number): JournalRecord | undefined {
    const s = seq % SLOTS;
    const at = wordAt(s);
    const w = this.words;
    if (seq <= 0 || seqAt(w, s) !== seq) return undefined;
    if (this.#checked[s] === 0) this.#checked[s] = w[at + 7] === checksum(w, at) ? 1 : 2;
    if (this.#checked[s] !== 1) return undefined;
    return { seq, kind: w[at + 2] as number, dirHash: w[at + 3] as number, nameHash: w[at + 4] as number };
  }
}

/** The index of the first word of slot `s`. */
function wordAt(s: number): number {
  return (HEADER_BYTES + s * RECORD_BYTES) / 4;
}

function seqAt(w: Uint32Array, s: number): number {
  const at = wordAt(s);
  return (w[at] as number) + (w[at + 1] as number) * HIGH;
}

function isBlank(w: Uint32Array, at: number): boolean {
  for (let i = 0; i < WORDS; i++) if (w[at + i] !== 0) return false;
  return true;
}
