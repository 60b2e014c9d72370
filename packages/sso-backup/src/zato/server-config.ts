import { isAbsolute, resolve } from 'node:path';
import {
  Fernet,
  IniFile,
  isZatoSecretUrl,
  key1Of,
  resolveSecretValue,
  resolveZatoSecret,
  SECF_PREFIX,
  SecretsConf,
} from '@authstate/secrets-conf';
import type { ZatoDbConfig } from './db-config.js';
import { normalizeEngine } from './engine.js';
import { fail } from './errors.js';
import { serverPaths } from './server-paths.js';

/**
 * Reads the database settings of a Zato server from `config/repo/server.conf` `[odb]`: the engine
 * (`sqlite`, `postgresql[+driver]`, `mysql[+driver]`), and for SQLite the file (`db_name`,
 * relative paths taken relative to the server directory, returned absolute); otherwise host, port,
 * database, user and the password — `zato+secret://…` references and `zato.secf.` tokens are
 * decrypted with secrets.conf `key1`, `$NAME` is read from the environment.
 *
 * @example
 * ```ts
 * const odb = await readServerConfig('/home/zato/sso1/server'); // { engine: 'sqlite', sqlitePath: '/home/zato/sso1/server/zato.db' }
 * ```
 */
export async function readServerConfig(serverDir: string): Promise<ZatoDbConfig> {
  const paths = serverPaths(serverDir);
  let conf: IniFile;
  try {
    conf = await IniFile.read(paths.serverConf); // the one INI reader (BOM, CRLF)
  } catch (e) {
    throw fail('CONFIG', `${serverDir} is not a Zato server directory: cannot read config/repo/server.conf.`, e);
  }
  const str = (k: string): string | undefined => {
    const v = conf.get('odb', k);
    return v !== undefined && v !== '' ? v : undefined;
  };
  const engineName = str('engine');
  if (!engineName) throw fail('CONFIG', `${paths.serverConf} has no [odb] engine.`);
  const engine = normalizeEngine(engineName);
  const dbName = str('db_name');
  if (engine === 'sqlite') {
    if (!dbName) throw fail('CONFIG', `${paths.serverConf} [odb] engine=sqlite has no db_name (the SQLite file).`);
    return { engine, sqlitePath: isAbsolute(dbName) ? dbName : resolve(serverDir, dbName) };
  }
  const port = str('port');
  const rawPassword = str('password');
  return {
    engine,
    host: str('host'),
    port: port ? Number(port) : undefined,
    dbName,
    username: str('username'),
    password: rawPassword === undefined ? undefined : await decryptPassword(rawPassword, paths.secretsConf),
  };
}

async function decryptPassword(raw: string, secretsPath: string): Promise<string> {
  if (isZatoSecretUrl(raw)) return resolveZatoSecret(raw, await SecretsConf.read(secretsPath));
  const value = await resolveSecretValue(raw);
  if (!raw.startsWith(SECF_PREFIX) && !value.startsWith('gAAAA')) return value;
  const key = await key1Of(await SecretsConf.read(secretsPath));
  return new Fernet(key).decrypt(value).toString('utf8');
}
