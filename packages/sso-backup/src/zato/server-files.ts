import { randomUUID } from 'node:crypto';
import { Fernet, makeWellKnownData } from '@authstate/secrets-conf';
import type { ZatoDbConfig } from './db-config.js';

const ODB_ENGINE: Record<ZatoDbConfig['engine'], string> = { sqlite: 'sqlite', postgresql: 'postgresql+pg8000', mysql: 'mysql+pymysql' };

/** The `config/repo/server.conf` of a new server, its `[odb]` pointing at `db`. */
export function serverConfText(db: ZatoDbConfig, sqliteDbName: string): string {
  const sqlite = db.engine === 'sqlite';
  return [
    '[main]',
    'gunicorn_bind=localhost:17010',
    'gunicorn_worker_class=gevent',
    'gunicorn_workers=1',
    'token=zato+secret://zato.server_conf.main.token',
    '',
    '[crypto]',
    'use_tls=False',
    '',
    '[odb]',
    `db_name=${sqlite ? sqliteDbName : (db.dbName ?? '')}`,
    `engine=${ODB_ENGINE[db.engine]}`,
    'extra=echo=False',
    `host=${sqlite ? '' : (db.host ?? '')}`,
    `port=${sqlite ? '' : (db.port ?? '')}`,
    'password=zato+secret://zato.server_conf.odb.password',
    'pool_size=5',
    `username=${sqlite ? '' : (db.username ?? '')}`,
    '',
    '[misc]',
    'jwt_secret=zato+secret://zato.server_conf.misc.jwt_secret',
    '',
    '[kvdb]',
    'password=zato+secret://zato.server_conf.kvdb.password',
    '',
  ].join('\n');
}

/** What goes into a new server's secrets.conf. */
export interface SecretsConfInput {
  /** `[secret_keys] key1`: encrypts the `[zato]` entries (and, in Zato 3.2/3.3, SSO data). */
  key1: string;
  /** `[secret_keys] sso_key1` (the seed's newer layout), or none — Zato 3.2's layout. */
  ssoKey1?: string;
  /** The ODB password (`server_conf.odb.password`); '' for SQLite. */
  odbPassword: string;
  /** The KVDB password (`server_conf.kvdb.password`); default ''. */
  kvdbPassword?: string;
}

/**
 * The `config/repo/secrets.conf` of a new server as Zato 3.2's `zato create server` writes it
 * (`secrets_conf_template`): `[secret_keys] key1` (plus `sso_key1` when given) and `[zato]`
 * `well_known_data` (Fernet of `3.141592...`), `server_conf.kvdb.password`, `server_conf.main.token`
 * (a uuid4 hex), `server_conf.misc.jwt_secret` (a fresh Fernet key) and `server_conf.odb.password`,
 * each a plain Fernet token under key1 (Zato writes no `zato.secf.` prefix here).
 */
export function secretsConfText(input: SecretsConfInput): string {
  const f = new Fernet(input.key1);
  return [
    '',
    '[secret_keys]',
    `key1=${input.key1}`,
    ...(input.ssoKey1 === undefined ? [] : [`sso_key1=${input.ssoKey1}`]),
    '',
    '[zato]',
    `well_known_data=${makeWellKnownData(input.key1)} # Pi number`,
    `server_conf.kvdb.password=${f.encrypt(input.kvdbPassword ?? '')}`,
    `server_conf.main.token=${f.encrypt(randomUUID().replaceAll('-', ''))}`,
    `server_conf.misc.jwt_secret=${f.encrypt(Fernet.generateKey())}`,
    `server_conf.odb.password=${f.encrypt(input.odbPassword)}`,
    '',
  ].join('\n');
}
