import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('cli');

/** Progress reported by backup and restore. */
export interface SsoProgress {
  phase: string;
  table?: string;
  rows: number;
  totalRows?: number;
}

/** What `backup` returns. */
export interface BackupSummary {
  file: string;
  format: 'bundle' | 'sql';
  engine: string;
  tables: { name: string; rows: number; sha256: string }[];
  keyFrom?: 'sso_key1' | 'key1';
  encrypted: boolean;
}

/** What `restore` returns. */
export interface RestoreSummary {
  tables: { name: string; rows: number }[];
  keyAction: 'write' | 'print' | 'none';
  key?: string;
  crossEngine: boolean;
}

/** What `verify` returns. */
export interface VerifyReport {
  ok: boolean;
  tables: { name: string; expectedRows: number; actualRows: number; expectedSha256: string; actualSha256: string; ok: boolean }[];
}

/** What `login` returns, like `zato sso login`. */
export interface LoginResult {
  username: string;
  user_id: string;
  ust: string;
  creation_time: string;
  expiration_time: string;
  has_w_about_to_exp: boolean;
}

/** The slice of `@authstate/sso-backup` the CLI uses (the agreed API, briefs/sso-api.md). */
export interface SsoBackupApi {
  backup(
    serverDir: string,
    out: string,
    opts?: { passphrase?: string; format?: 'bundle' | 'sql'; url?: string; onProgress?: (p: SsoProgress) => void },
  ): Promise<BackupSummary>;
  restore(
    file: string,
    serverDir: string,
    opts?: { passphrase?: string; force?: boolean; keyAction?: 'write' | 'print'; url?: string; onProgress?: (p: SsoProgress) => void },
  ): Promise<RestoreSummary>;
  verify(file: string, serverDir: string, opts?: { passphrase?: string; url?: string }): Promise<VerifyReport>;
  login(serverDir: string, username: string, opts?: { password?: string; key?: string }): Promise<LoginResult>;
  initServer(
    dir: string,
    opts?: { users?: number; url?: string },
  ): Promise<{ dir: string; users: { username: string; password: string; userId: string }[] }>;
}

/**
 * Loads one function of `@authstate/sso-backup` lazily (so `oocd` commands never pay for it),
 * with a clear error when this build does not have it.
 */
export async function ssoFunction<K extends keyof SsoBackupApi>(name: K): Promise<SsoBackupApi[K]> {
  const mod = (await import('@authstate/sso-backup')) as Partial<SsoBackupApi>;
  const fn = mod[name];
  if (typeof fn !== 'function')
    throw fail('CONFIG', `This build of @authstate/sso-backup has no ${name}(); the command is not available yet.`);
  return fn as SsoBackupApi[K];
}
