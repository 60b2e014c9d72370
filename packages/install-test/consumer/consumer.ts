// Type-checked consumer (tsc --noEmit, strict, skipLibCheck: false).
import { type OocdEntry, type OutOfContextDataService, openOocd } from '@authstate/oocd-core';
import { FsOocdDriver } from '@authstate/oocd-fs';
import { createOocdDriver } from '@authstate/oocd-sql';
import { SecretsConf } from '@authstate/secrets-conf';
import { backup, restore } from '@authstate/sso-backup';

export async function use(): Promise<OocdEntry | undefined> {
  const oocd: OutOfContextDataService = await openOocd({ class: 'fs', dir: '/tmp/x' });
  await oocd.set('/a', 'b', { expiresAt: new Date(Date.now() + 1000), metadata: { k: 'v' } });
  return oocd.get('/a');
}
export const refs = [FsOocdDriver, createOocdDriver, backup, restore, SecretsConf];
