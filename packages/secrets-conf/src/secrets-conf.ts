import { IniFile, readIniText } from './ini-file.js';

/**
 * A Zato `secrets.conf`, read and edited losslessly by the one INI reader ({@link IniFile}: BOM
 * and CRLF tolerant, line endings and every other byte kept); written atomically with mode 0600.
 *
 * @example
 * ```ts
 * const conf = await SecretsConf.read('/srv/zato/server/config/repo/secrets.conf');
 * conf.get('secret_keys', 'key1');             // 'abc…='
 * conf.set('secret_keys', 'sso_key1', key);
 * await conf.write();                          // atomic, mode 0600
 * ```
 */
export class SecretsConf extends IniFile {
  /** Reads and parses a file. NOT_FOUND when it does not exist, CONFIG when unreadable or not UTF-8. */
  static override async read(path: string): Promise<SecretsConf> {
    return new SecretsConf(await readIniText(path, 'secrets file'), path);
  }

  /** Parses text (no file involved until {@link SecretsConf.write} is given a path). */
  static parse(text: string, path?: string): SecretsConf {
    return new SecretsConf(text, path);
  }
}
