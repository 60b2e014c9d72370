import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';
import { fail } from './errors.js';
import { getValue, keysOf, setLine } from './ini-lines.js';

const BOM = '\ufeff';

/**
 * The one reader (and lossless editor) of Zato's INI files — `secrets.conf`, `server.conf` —
 * used by every part of authstate, so no two parts can read one file differently. A UTF-8 BOM is
 * skipped (and written back), CRLF, LF and mixed line endings are read alike and kept line by line;
 * {@link IniFile.set} changes one line (or adds one) and leaves every other byte alone.
 *
 * @example
 * ```ts
 * const conf = await IniFile.read('/srv/zato/server/config/repo/server.conf');
 * conf.get('odb', 'engine'); // 'postgresql+pg8000'
 * ```
 */
export class IniFile {
  /** Where the file was read from (the default target of {@link IniFile.write}). */
  readonly path: string | undefined;
  readonly #bom: boolean;
  readonly #crlf: boolean;
  #lines: string[];

  /** Parses `text` (a leading BOM is kept aside; `path` only names the file). */
  constructor(text: string, path?: string) {
    this.path = path;
    this.#bom = text.startsWith(BOM);
    const body = this.#bom ? text.slice(1) : text;
    this.#crlf = body.includes('\r\n');
    this.#lines = body.split('\n');
  }

  /** Reads and parses a file: NOT_FOUND when it does not exist, CONFIG when unreadable or not UTF-8. */
  static async read(path: string): Promise<IniFile> {
    return new IniFile(await readIniText(path, 'INI file'), path);
  }

  /** The value of `[section] key` (trimmed, quotes or inline comment removed), or undefined. */
  get(section: string, key: string): string | undefined {
    return getValue(this.#lines, section, key);
  }

  /** The key names of a section, in file order. */
  keys(section: string): string[] {
    return keysOf(this.#lines, section);
  }

  /**
   * Sets `[section] key = value`, replacing that one line in place or adding it at the end of the
   * section (a missing section is appended). Nothing else in the text changes. INVALID_ARGUMENT
   * for a value or name an INI line cannot hold as is.
   */
  set(section: string, key: string, value: string): void {
    if (/[\r\n]/.test(value) || /[;#]/.test(value) || value !== value.trim() || /^["']/.test(value)) {
      throw fail(
        'INVALID_ARGUMENT',
        `The value for [${section}] ${key} cannot be written to an INI file as is (newline, ';', '#', a leading quote or surrounding spaces).`,
      );
    }
    if (!/^[^=;#[\]\s][^=\r\n]*$/.test(key) || key !== key.trim() || /[\]\r\n]/.test(section)) {
      throw fail('INVALID_ARGUMENT', `Cannot write INI key "${key}" in section "${section}".`);
    }
    this.#lines = setLine(this.#lines, section, key, value, this.#crlf);
  }

  /** The file text, byte-identical to what was read (BOM and line endings too) apart from the keys set. */
  toString(): string {
    return (this.#bom ? BOM : '') + this.#lines.join('\n');
  }

  /** Writes the text atomically (see {@link writeFileAtomic}) with mode `mode` (default 0600). */
  async write(path = this.path, mode = 0o600): Promise<void> {
    if (!path) throw fail('INVALID_ARGUMENT', 'No path to write the INI file to: pass one to write().');
    await writeFileAtomic(path, this.toString(), mode);
  }
}

/**
 * The text of an INI file, refusing bytes that are not UTF-8 (CONFIG) rather than replacing them,
 * which would change the file on the next write. `what` names it in messages (`secrets file`).
 */
export async function readIniText(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'CONFIG';
    throw fail(code, `Cannot read ${what} ${path}. Check the server directory.`, e);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (e) {
    throw fail('CONFIG', `${what} ${path} is not UTF-8 text. Save it as UTF-8 and try again.`, e);
  }
}
