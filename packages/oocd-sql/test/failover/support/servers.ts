/** Test server settings from the environment (scripts/dbs.sh and scripts/dbs-replicas.sh). */
export interface ServerUrl {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Parses `scheme://user:pass@host:port[,host:port…]/db` into its host list and credentials. */
export function parseTestUrl(url: string): { hosts: { host: string; port: number }[]; user: string; password: string; database: string } {
  const m = /^[a-z]+:\/\/([^:@]+):([^@]*)@([^/]+)\/([^?]+)/.exec(url);
  if (!m) throw new Error(`unexpected test URL form: ${url.replace(/:[^:@/]*@/, ':***@')}`);
  const hosts = (m[3] ?? '').split(',').map((h) => {
    const [host = '', port = ''] = h.split(':');
    return { host, port: Number(port) };
  });
  return { hosts, user: decodeURIComponent(m[1] ?? ''), password: decodeURIComponent(m[2] ?? ''), database: m[4] ?? '' };
}

/**
 * The env var's value, or undefined with a warning — unless AUTHSTATE_TEST_REQUIRE_SERVERS=1,
 * when a missing server is an error (CI can never skip silently).
 */
export function serverEnv(name: string, hint: string): string | undefined {
  const v = process.env[name];
  if (v) return v;
  if (process.env.AUTHSTATE_TEST_REQUIRE_SERVERS === '1')
    throw new Error(`AUTHSTATE_TEST_REQUIRE_SERVERS=1 but ${name} is not set (${hint})`);
  console.warn(`[oocd-sql fail-over tests] ${name} not set: skipped (${hint})`);
  return undefined;
}
