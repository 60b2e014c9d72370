import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type OocdEntry, validateKey } from '@authstate/oocd-core';
import { type EntryHeader, MalformedEntryError, parseEntry, parseHeader } from './entry-file.js';
import type { Layout } from './layout.js';
import { code } from './temp-file.js';
import type { OnceWarner } from './warnings.js';

const HEAD_BYTES = 4096;

/**
 * Reads entry files without any lock: files are only ever replaced by an atomic rename and never
 * changed in place, so a read sees one whole version. Missing files are `undefined`; malformed
 * ones (or a file whose `key` does not map to where it lies) are reported once and `undefined`.
 */
export class EntryReader {
  constructor(
    private readonly layout: Layout,
    private readonly warner: OnceWarner,
  ) {}

  /** The whole entry stored at `file`, if `file` is where its key belongs (`expectedKey` if known). */
  async entry(file: string, expectedKey?: string): Promise<OocdEntry | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      return this.absent(e, file);
    }
    return this.checked(file, expectedKey, () => parseEntry(bytes));
  }

  /** Only the header (key, expiry, metadata) of the entry file at `file`. */
  async header(file: string, expectedKey?: string): Promise<EntryHeader | undefined> {
    let head: Buffer;
    let size: number;
    try {
      // The callback API: noticeably cheaper per file than FileHandle when a listing reads thousands.
      const fd = await call<number>((cb) => fs.open(file, 'r', cb));
      try {
        size = (await call<fs.Stats>((cb) => fs.fstat(fd, cb))).size;
        head = await readAt(fd, Math.min(size, HEAD_BYTES));
        // A header longer than HEAD_BYTES (much metadata): read on through the same descriptor,
        // so the header still belongs to the version whose size was taken.
        if (head.indexOf('\n\n') < 0 && size > head.length) head = await readAt(fd, size);
      } finally {
        fs.close(fd, () => undefined);
      }
    } catch (e) {
      return this.absent(e, file);
    }
    return this.checked(file, expectedKey, () => parseHeader(head, size));
  }

  private checked<T extends { key: string }>(file: string, expectedKey: string | undefined, parse: () => T): T | undefined {
    let parsed: T;
    try {
      parsed = parse();
    } catch (e) {
      if (e instanceof MalformedEntryError) {
        this.warner.warn(file, `not a valid entry file (${e.message})`);
        return undefined;
      }
      throw e;
    }
    if (expectedKey !== undefined ? parsed.key !== expectedKey : !this.belongsHere(parsed.key, file)) {
      this.warner.warn(file, `its key ${JSON.stringify(parsed.key)} does not belong at this path`);
      return undefined;
    }
    return parsed;
  }

  private belongsHere(key: string, file: string): boolean {
    try {
      return this.layout.locate(validateKey(key)).file === file;
    } catch {
      return false;
    }
  }

  private absent(e: unknown, file: string): undefined {
    const c = code(e);
    if (c === 'ENOENT' || c === 'ENOTDIR') return undefined;
    if (c === 'EISDIR') {
      this.warner.warn(file, 'a directory where an entry file belongs');
      return undefined;
    }
    throw e;
  }
}

function call<T>(start: (cb: (err: NodeJS.ErrnoException | null, result: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((err, result) => (err ? reject(err) : resolve(result))));
}

/** Reads up to `length` bytes from the start of `fd`. */
async function readAt(fd: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const n = await call<number>((cb) => fs.read(fd, buf, filled, length - filled, filled, cb));
    if (n === 0) break;
    filled += n;
  }
  return buf.subarray(0, filled);
}
