import { join } from 'node:path';

/** The files of a Zato server directory that authstate reads and writes. */
export function serverPaths(serverDir: string): { repo: string; serverConf: string; secretsConf: string; ssoConf: string } {
  const repo = join(serverDir, 'config', 'repo');
  return {
    repo,
    serverConf: join(repo, 'server.conf'),
    secretsConf: join(repo, 'secrets.conf'),
    ssoConf: join(repo, 'sso.conf'),
  };
}
