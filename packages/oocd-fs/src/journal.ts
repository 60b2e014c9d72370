import fs from 'node:fs';
import { join } from 'node:path';
import { fail } from './errors.js';
import { DONE, encodeRecord, hash32, JOURNAL_BYTES, newJournalBytes, PENDING, RingImage, slotOffset } from './journal-ring.js';
import { JournalSnapshot } from './journal-snapshot.js';
import { JOURNAL_FILE } from './names.js';
import { PreparedFile } from './temp-file.js';

// Through getBuiltinModule: the ES-module facade of node:crypto costs CLI start-up milliseconds.
const { randomBytes } = process.getBuiltinModule('node:crypto');
const OPEN_FLAGS = fs.constants.O_RDWR | fs.constants.O_NOFOLLOW;
const REPLACE_ATTEMPTS = 5;

/**
 * The change journal `<dir>/.journal`: a ring of the last 256 entry writes of all processes (format
 * in `journal-ring.ts`), so that a listing cache can tell which names of a directory were
 * rewritten since it listed them without `lstat`ing every entry (see `listing-cache.ts`).
 *
 * **Writers** (`set`/`create`, holding the global lock) call {@link ChangeJournal.around} with
 * their rename: it appends a {@link PENDING} record for the directory and name, runs the rename,
 * then appends a {@link DONE} record — each one `pwrite` of 32 bytes into the page cache (the
 * journal is never fsynced: after a reboot no process holds a cached listing). Sequence numbers
 * come from a read of the ring under the global lock, so they are unique and ordered. Before its
 * own records a writer completes a trailing PENDING record of a writer that died (with a DONE for
 * the same name), and replaces a journal that is missing, is not a journal, or whose ring is not
 * intact (garbage or torn slots), with a fresh file of a new generation (rename over it).
 *
 * **Readers** take no lock: one `lstat` of the path (to notice a replaced or deleted journal) and
 * one `pread` of the whole file per `children()` call.
 *
 * Why a reader that sees a record also sees its change: the writer's rename returns before the
 * DONE record is written, and a reader reads the ring before it lists the directory. Why a reader
 * sees a change whose DONE record it has not seen yet: the PENDING record came first; a reader
 * whose snapshot ends at a PENDING record re-examines that name and stays positioned before it,
 * so it examines the name again once the DONE (or a later writer's completion of a dead writer's
 * PENDING) is there. A crash between the rename and the DONE record is thus covered too.
 *
 * Only renames onto a name are recorded. Deletes (`take`, `remove`, branch removal, the reaper)
 * change a directory's set of names, which its version shows (see `listing-cache.ts`), and a name
 * that comes back comes back through a recorded rename.
 *
 * A journal deleted by hand: readers see no journal and fall back to the directory version (a full
 * read after every change) until the next writer makes a new one, whose new generation makes each
 * reader read in full once. A writer that checked the old file just before the deletion writes its
 * records into the deleted file; but its rename came before the new journal existed (the next
 * writer makes it, after this one released the global lock), so a reader's first listing at the
 * new generation, a full read, already has it. Restoring an *older copy* of the journal (same
 * generation, lower sequence numbers) could make sequence numbers mean two writes: never copy or
 * restore `.journal`; deleting it is always safe. Writers of an older version of this package
 * write no records (see the README on upgrades).
 */
export class ChangeJournal {
  readonly #path: string;
  #fd: number | undefined;
  #dev = -1;
  #ino = -1;
  readonly #scratch = Buffer.alloc(JOURNAL_BYTES);
  #last: { fd: number; bytes: Buffer; image: RingImage } | undefined;

  constructor(readonly root: string) {
    this.#path = join(root, JOURNAL_FILE);
  }

  /** One lock-free read of the journal (a snapshot without records when there is no usable journal). */
  snapshot(): JournalSnapshot {
    const image = this.#read();
    return image ? new JournalSnapshot(image, this.root) : JournalSnapshot.NONE;
  }

  /**
   * Runs `commit` (the rename of an entry file named `base` into directory `dir`) between a
   * PENDING and a DONE record. Call it holding the global lock. Returns what `commit` returns.
   */
  async around(dir: string, base: string, commit: () => boolean | Promise<boolean>): Promise<boolean> {
    let image = this.#read();
    for (let attempt = 1; !image?.intact; attempt++) {
      if (attempt > REPLACE_ATTEMPTS) {
        throw fail('BACKEND', `Cannot create the change journal ${this.#path}: something else keeps its place. Delete it (it is rebuilt).`);
      }
      await this.#replace();
      image = this.#read();
    }
    const fd = this.#fd as number;
    let seq = image.newest;
    const tail = image.record(seq);
    if (tail?.kind === PENDING) write(fd, ++seq, DONE, tail.dirHash, tail.nameHash); // its writer died
    const dirHash = hash32(dir.slice(this.root.length));
    const nameHash = hash32(base);
    write(fd, ++seq, PENDING, dirHash, nameHash);
    try {
      return await commit();
    } finally {
      write(fd, ++seq, DONE, dirHash, nameHash);
    }
  }

  /** Closes the journal file. */
  close(): void {
    this.#drop();
  }

  /**
   * The whole journal as it is now, or `undefined` when there is no usable one. Read into a scratch
   * buffer; when the bytes are those of the last image (nothing written since, the common case),
   * that image is returned again, so an unchanged journal costs no allocation.
   */
  #read(): RingImage | undefined {
    const fd = this.#open();
    if (fd === undefined) return undefined;
    const n = fs.readSync(fd, this.#scratch, 0, JOURNAL_BYTES, 0);
    const bytes = this.#scratch.subarray(0, n);
    if (this.#last && this.#last.fd === fd && this.#last.bytes.equals(bytes)) return this.#last.image;
    const copy = Buffer.from(new Uint32Array(Math.ceil(n / 4)).buffer, 0, n);
    bytes.copy(copy);
    const image = RingImage.parse(copy);
    this.#last = image ? { fd, bytes: copy, image } : undefined;
    return image;
  }

  /** The descriptor of the file now at the journal's path (reopened when it was replaced). */
  #open(): number | undefined {
    const st = fs.lstatSync(this.#path, { throwIfNoEntry: false });
    if (!st?.isFile()) {
      this.#drop();
      return undefined;
    }
    // While this descriptor is open its inode cannot be reused, so an equal inode is the same file.
    if (this.#fd !== undefined && st.ino === this.#ino && st.dev === this.#dev) return this.#fd;
    this.#drop();
    let fd: number;
    try {
      fd = fs.openSync(this.#path, OPEN_FLAGS);
    } catch {
      return undefined; // gone meanwhile, a symbolic link now, or not ours to open: no journal
    }
    const opened = fs.fstatSync(fd);
    this.#fd = fd;
    this.#dev = opened.dev;
    this.#ino = opened.ino;
    if (opened.isFile()) return fd;
    this.#drop();
    return undefined;
  }

  /** Puts a fresh journal (new generation, empty ring) at the path, atomically. */
  async #replace(): Promise<void> {
    const prepared = await PreparedFile.write(this.root, newJournalBytes(randomBytes(16)), new Date(0));
    let committed = false;
    try {
      committed = prepared.commit(this.#path);
    } finally {
      prepared.discard(committed);
    }
  }

  #drop(): void {
    if (this.#fd !== undefined) fs.closeSync(this.#fd);
    this.#fd = undefined;
    this.#last = undefined;
  }
}

function write(fd: number, seq: number, kind: number, dirHash: number, nameHash: number): void {
  fs.writeSync(fd, encodeRecord(seq, kind, dirHash, nameHash), 0, 32, slotOffset(seq));
}
