import { type OocdEntry, validateKey } from '@authstate/oocd-core';
import { type EntryHeader, MalformedEntryError, parseEntry, parseHeader } from './entry-file.js';
import type { Layout } from './layout.js';
import { type FileBytes, readEntryFile } from './read-file.js';
import { code } from './temp-file.js';
import type { OnceWarner } from './warnings.js';

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
    const read = await this.#read(file, false);
    return read && this.#checked(file, expectedKey, () => parseEntry(read.bytes));
  }

  /** Only the header (key, expiry, metadata) of the entry file at `file`. */
  async header(file: string, expectedKey?: string): Promise<EntryHeader | undefined> {
    const read = await this.#read(file, true);
    return read && this.#checked(file, expectedKey, () => parseHeader(read.bytes, read.size));
  }

  async #read(file: string, headOnly: boolean): Promise<FileBytes | undefined> {
    try {
      return await readEntryFile(file, headOnly);
    } catch (e) {
      const c = code(e);
      if (c === 'ENOENT' || c === 'ENOTDIR') return undefined;
      if (e instanceof MalformedEntryError) {
        this.warner.warn(file, e.message);
        return undefined;
      }
      throw e;
    }
  }

  #checked<T extends { key: string }>(file: string, expectedKey: string | undefined, parse: () => T): T | undefined {
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
    if (expectedKey !== undefined ? parsed.key !== expectedKey : !this.#belongsHere(parsed.key, file)) {
      this.warner.warn(file, `its key ${JSON.stringify(parsed.key)} does not belong at this path`);
      return undefined;
    }
    return parsed;
  }

  #belongsHere(key: string, file: string): boolean {
    try {
      return this.layout.locate(validateKey(key)).file === file;
    } catch {
      return false;
    }
  }
}
