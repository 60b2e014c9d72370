/**
 * The byte format of the change journal (`<dir>/.journal`, see `journal.ts`): a 32-byte header
 * (magic, slot count, a random generation id) and a ring of {@link SLOTS} records of 32 bytes,
 * eight little-endian 32-bit words each:
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
 * valid sequence number (0 for an empty ring).
 */
export class RingImage {
  private constructor(
    /** The journal file's generation id (hex): a recreated journal has another one. */
    readonly generation: string,
    readonly newest: number,
    /** The ring's words; `valid[slot]` says whether a slot holds a record (right checksum). */
    private readonly words: Uint32Array,
    private readonly valid: Uint8Array,
    /**
     * True when every slot is empty or valid and the valid ones are the last `min(newest, SLOTS)`
     * sequence numbers. Writers replace a journal that is not (a torn or overwritten ring), so a
     * sequence number is never used twice in one generation.
     */
    readonly intact: boolean,
  ) {}

  /** Parses a read of the journal file, or `undefined` when it is not one (size, magic, slots). */
  static parse(bytes: Buffer): RingImage | undefined {
    if (bytes.length !== JOURNAL_BYTES || bytes.toString('latin1', 0, 8) !== MAGIC || bytes.readUInt32LE(8) !== SLOTS) return undefined;
    const words = new Uint32Array(JOURNAL_BYTES / 4);
    Buffer.from(words.buffer).set(bytes);
    const valid = new Uint8Array(SLOTS);
    let newest = 0;
    let blank = 0;
    for (let s = 0; s < SLOTS; s++) {
      const at = (HEADER_BYTES + s * RECORD_BYTES) / 4;
      const seq = (words[at] as number) + (words[at + 1] as number) * HIGH;
      if (words[at + 7] === checksum(words, at) && seq > 0 && seq % SLOTS === s) {
        valid[s] = 1;
        if (seq > newest) newest = seq;
      } else if (isBlank(words, at)) blank++;
    }
    const image = new RingImage(bytes.toString('hex', 16, 32), newest, words, valid, false);
    const held = SLOTS - blank;
    let intact = held === Math.min(newest, SLOTS);
    for (let seq = newest; intact && seq > newest - held; seq--) intact = image.record(seq) !== undefined;
    return intact ? new RingImage(image.generation, newest, words, valid, true) : image;
  }

  /** Record `seq` if the ring holds it intact. */
  record(seq: number): JournalRecord | undefined {
    const s = seq % SLOTS;
    const at = (HEADER_BYTES + s * RECORD_BYTES) / 4;
    const w = this.words;
    if (this.valid[s] !== 1 || (w[at] as number) + (w[at + 1] as number) * HIGH !== seq) return undefined;
    return { seq, kind: w[at + 2] as number, dirHash: w[at + 3] as number, nameHash: w[at + 4] as number };
  }
}

function isBlank(w: Uint32Array, at: number): boolean {
  for (let i = 0; i < WORDS; i++) if (w[at + i] !== 0) return false;
  return true;
}
