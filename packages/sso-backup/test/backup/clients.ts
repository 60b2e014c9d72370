import { execFileSync } from 'node:child_process';

/**
 * Loads a SQL file with the engine's own client, the password in the environment (never argv):
 * `psql -v ON_ERROR_STOP=1 -1 -f`, or `mariadb … < file`.
 */
export function loadWithClient(engine: 'postgresql' | 'mysql', url: string, file: string): void {
  const u = new URL(url);
  const db = u.pathname.slice(1);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  if (engine === 'postgresql') {
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-h', u.hostname, '-p', u.port, '-U', user, '-d', db, '-f', file], {
      env: { ...process.env, PGPASSWORD: password },
      stdio: 'pipe',
    });
  } else {
    execFileSync('sh', ['-c', 'exec mariadb --no-defaults -h "$H" -P "$P" -u "$U" "$D" < "$F"'], {
      env: { ...process.env, MYSQL_PWD: password, H: u.hostname, P: u.port, U: user, D: db, F: file },
      stdio: 'pipe',
    });
  }
}
