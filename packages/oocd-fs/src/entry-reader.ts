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
  entry(file: string, expectedKey?: string): Promise<OocdEntry | undefined> {
    return this.#parsed(file, false, expectedKey, (read) => parseEntry(read.bytes));
  }

  /** Only the header (key, expiry, metadata) of the entry file at `file`. */
  header(file: string, expectedKey?: string): Promise<EntryHeader | undefined> {
    return this.#parsed(file, true, expectedKey, (read) => parseHeader(read.bytes, read.size));
  }

  async #parsed<T extends { key: string }>(
    file: string,
    headOnly: boolean,
    expectedKey: string | undefined,
    parse: (read: FileBytes) => T,
  ): Promise<T | undefined> {
    const read = await this.#read(file, headOnly, false);
    if (!read) return undefined;
    let parsed = tryParse(read, parse);
    if (parsed instanceof MalformedEntryError && !read.checked) {
      // Its size came from a short read: make sure with fstat before calling the file malformed.
      const again = await this.#read(file, headOnly, true);
      if (!again) return undefined;
      parsed = tryParse(again, parse);
    }
    if (parsed instanceof MalformedEntryError) {
      this.warner.warn(file, `not a valid entry file (${parsed.message})`);
      return undefined;
    }
    if (expectedKey !== undefined ? parsed.key !== expectedKey : !this.#belongsHere(parsed.key, file)) {
      this.warner.warn(file, `its key ${JSON.stringify(parsed.key)} does not belong at this path`);
      return undefined;
    }
    return parsed;
  }

  async #read(file: string, headOnly: boolean, checked: boolean): Promise<FileBytes | undefined> {
    try {
      return await readEntryFile(file, headOnly, { checked });
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

  #belongsHere(key: string, file: string): boolean {
    try {
      return this.layout.locate(validateKey(key)).file === file;
    } catch {
      return false;
    }
  }
}

/** The parsed value, or the {@link MalformedEntryError} saying why the bytes are not an entry. */
function tryParse<T>(read: FileBytes, parse: (read: FileBytes) => T): T | MalformedEntryError {
  try {
    return parse(read);
  } catch (e) {
    if (e instanceof MalformedEntryError) return e;
    throw e;
  }
}
