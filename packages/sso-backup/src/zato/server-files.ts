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
  ].join('\n');
}

/**
 * The `config/repo/secrets.conf` of a new server: `key1` and `sso_key1`, `[zato] well_known_data`
 * and the ODB password encrypted with key1 (as `zato.secf.gAAAA…`).
 */
export function secretsConfText(key1: string, ssoKey1: string, odbPassword: string): string {
  const f = new Fernet(key1);
  return [
    '# Zato secrets: keep this file safe (written by authstate initServer)',
    '[secret_keys]',
    `key1=${key1}`,
    `sso_key1=${ssoKey1}`,
    '',
    '[zato]',
    `well_known_data=${makeWellKnownData(key1)}`,
    `server_conf.main.token=zato.secf.${f.encrypt(Fernet.generateKey())}`,
    `server_conf.odb.password=zato.secf.${f.encrypt(odbPassword)}`,
    '',
  ].join('\n');
}

/** The `config/repo/sso.conf` of a new server (the settings this package honours). */
export function ssoConfText(rounds: number): string {
  return [
    '[main]',
    'encrypt_email=True',
    'encrypt_password=True',
    'email_service=',
    '',
    '[hash_secret]',
    `rounds=${rounds}`,
    'salt_size=64',
    '',
    '[session]',
    'expiry=60',
    '',
  ].join('\n');
}
