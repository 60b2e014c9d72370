// Type-checked consumer (tsc --noEmit, strict, skipLibCheck: false) of every published library.
// It is checked in a project whose only database driver is better-sqlite3, without any driver's
// types (@types/pg, @types/better-sqlite3): our declarations must not need them.
import * as client from '@authstate/client';
import * as keyv from '@authstate/keyv';
import * as oidc from '@authstate/oidc-provider-adapter';
import * as conformance from '@authstate/oocd-conformance';
import { type OocdEntry, type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import { FsOocdDriver } from '@authstate/oocd-fs';
import * as sql from '@authstate/oocd-sql';
import { SecretsConf } from '@authstate/secrets-conf';
import * as ssoBackup from '@authstate/sso-backup';

export async function use(): Promise<OocdEntry | undefined> {
  const oocd: OutOfContextDataService = await openOocd({ class: 'fs', dir: '/tmp/x' });
  await oocd.set('/a', 'b', { expiresAt: new Date(Date.now() + 1000), metadata: { k: 'v' } });
  return oocd.get('/a');
}
export const refs = [FsOocdDriver, SecretsConf, sql.createOocdDriver, ssoBackup.backup, ssoBackup.restore];
export const modules = [client, keyv, oidc, conformance, sql, ssoBackup];
