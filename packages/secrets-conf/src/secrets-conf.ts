import { readFile } from 'node:fs/promises';
import ini from 'ini';
import { writeFileAtomic } from './atomic-write.js';
import { fail } from './errors.js';
import { setLine } from './ini-lines.js';

type IniObject = { [key: string]: unknown };

/**
 * A Zato `secrets.conf` (INI) that can be read and edited losslessly: values are read with `ini`;
 * {@link SecretsConf.set} changes one line (or adds one) and leaves every other byte alone.
 *
 * @example
 * ```ts
 * const conf = await SecretsConf.read('/srv/zato/server/config/repo/secrets.conf');
 * conf.get('secret_keys', 'key1');             // 'abc…='
 * conf.set('secret_keys', 'sso_key1', key);
 * await conf.write();                          // atomic, mode 0600
 * ```
 */
export class SecretsConf {
  /** Where the file was read from (the default target of {@link SecretsConf.write}). */
  readonly path: string | undefined;
  #lines: string[];
  #eol: string;
  #parsed: IniObject;

  private constructor(text: string, path: string | undefined) {
    this.path = path;
    this.#eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.#lines = text.split(/\r?\n/);
    this.#parsed = ini.parse(text) as IniObject;
  }

  /** Reads and parses a file. NOT_FOUND when it does not exist. */
  static async read(path: string): Promise<SecretsConf> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'CONFIG';
      throw fail(code, `Cannot read secrets file ${path}. Check the server directory.`, e);
    }
    return new SecretsConf(text, path);
  }

  /** Parses text (no file involved until {@link SecretsConf.write} is given a path). */
  static parse(text: string, path?: string): SecretsConf {
    return new SecretsConf(text, path);
  }

  /** The raw value of `[section] key` as `ini` reads it (trimmed, inline comment removed), or undefined. */
  get(section: string, key: string): string | undefined {
    const sec = sectionOf(this.#parsed, section);
    const value = sec?.[key];
    if (value === undefined || value === null || typeof value === 'object') return value === null ? 'null' : undefined;
    return String(value);
  }

  /** The key names of a section, in file order. */
  keys(section: string): string[] {
    const sec = sectionOf(this.#parsed, section);
    return sec ? Object.keys(sec).filter((k) => typeof sec[k] !== 'object' || sec[k] === null) : [];
  }

  /**
   * Sets `[section] key = value`, replacing that one line in place or adding it at the end of the
   * section (a missing section is appended). Nothing else in the text changes.
   */
  set(section: string, key: string, value: string): void {
    if (/[\r\n]/.test(value) || /[;#]/.test(value) || value !== value.trim()) {
      throw fail(
        'INVALID_ARGUMENT',
        `The value for [${section}] ${key} cannot be written to an INI file as is (newline, ';', '#' or surrounding spaces).`,
      );
    }
    if (!/^[^=;#[\]\s][^=\r\n]*$/.test(key) || key !== key.trim() || /[\]\r\n]/.test(section)) {
      throw fail('INVALID_ARGUMENT', `Cannot write INI key "${key}" in section "${section}".`);
    }
    this.#lines = setLine(this.#lines, section, key, value);
    this.#parsed = ini.parse(this.toString()) as IniObject;
  }

  /** The file text, byte-identical to what was read apart from the keys that were set. */
  toString(): string {
    return this.#lines.join(this.#eol);
  }

  /** Writes the text atomically (temporary file, fsync, rename) with mode 0600. */
  async write(path = this.path): Promise<void> {
    if (!path) throw fail('INVALID_ARGUMENT', 'No path to write secrets.conf to: pass one to write().');
    await writeFileAtomic(path, this.toString(), 0o600);
  }
}

/** `ini` nests dotted section names (`[a.b]` → `a.b` or `a` → `b`); find either form. */
function sectionOf(parsed: IniObject, section: string): IniObject | undefined {
  const direct = parsed[section];
  if (direct && typeof direct === 'object') return direct as IniObject;
  let node: unknown = parsed;
  for (const part of section.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as IniObject)[part];
  }
  return node && typeof node === 'object' ? (node as IniObject) : undefined;
}
