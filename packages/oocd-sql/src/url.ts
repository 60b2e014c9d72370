import { errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('oocd-sql');

/** The SQL dialects this backend speaks. MariaDB is `mysql` (its wire protocol and Kysely dialect). */
export type SqlDialectName = 'sqlite' | 'mysql' | 'postgres';

/** One server of a (possibly multi-host) URL, in priority order. */
export interface SqlHost {
  host: string;
  port: number;
}

/** A parsed connection URL. */
export interface ParsedSqlUrl {
  dialect: SqlDialectName;
  /** Servers in priority order (empty for SQLite). */
  hosts: SqlHost[];
  /** Database name (for SQLite: the file path, or `:memory:`). */
  database: string;
  /** SQLite only: the database file path or `:memory:`. */
  path?: string;
  /** Query parameters, decoded (`autocommit` is checked and kept). */
  params: Record<string, string>;
  /** JDBC high-availability mode, e.g. `sequential` from `jdbc:mariadb:sequential//…`. */
  mode?: 'sequential';
  /** User from the URL (`user@` or `?user=`), if any; options `dataUser`/`schemaUser` win. */
  user?: string;
  /** Password from the URL, if any; options `dataUserPassword`/`schemaUserPassword` win. */
  password?: string;
}

const DEFAULT_PORT: Record<'mysql' | 'postgres', number> = { mysql: 3306, postgres: 5432 };

const SCHEMES: Record<string, 'mysql' | 'postgres'> = {
  mariadb: 'mysql',
  mysql: 'mysql',
  postgres: 'postgres',
  postgresql: 'postgres',
};

/**
 * Parses the connection URLs the SQL backend accepts:
 * - `sqlite:<path>`, `sqlite::memory:` (also `sqlite://<path>` and `jdbc:sqlite:<path>`);
 * - `mariadb://h1:3306,h2:3306/OOCD`, `mysql://…`, `postgres://h1:5432,h2:5433/oocd`, `postgresql://…`;
 * - the JDBC forms nevisAuth uses: `jdbc:mariadb:sequential//host-db1:3306,host-db2:3306/OOCD`,
 *   `jdbc:mariadb://…`, `jdbc:mysql://…`, `jdbc:postgresql://h1,h2/db`.
 *
 * Hosts keep their order (the fail-over priority). `?autocommit=true` is accepted (we always work
 * in autocommit); `autocommit=false` is refused. Credentials may be in the URL but never need to be.
 *
 * @throws AuthstateError `CONFIG` saying what is wrong with the URL (never echoing a password).
 * @example
 * ```ts
 * parseSqlUrl('jdbc:mariadb:sequential//db1:3306,db2:3306/OOCD?autocommit=true');
 * // → { dialect: 'mysql', mode: 'sequential', hosts: [{host:'db1',port:3306},{host:'db2',port:3306}], database: 'OOCD', params: { autocommit: 'true' } }
 * ```
 */
export function parseSqlUrl(url: string): ParsedSqlUrl {
  if (typeof url !== 'string' || url.trim() === '') {
    throw fail('CONFIG', 'Option `url` (or `jdbcUrl`) is required, e.g. sqlite:/var/lib/authstate/oocd.sqlite or postgres://db1,db2/oocd.');
  }
  const text = url.trim();
  const sqlite = /^(?:jdbc:)?sqlite:(?:\/\/)?(.*)$/i.exec(text);
  if (sqlite) return parseSqlite(sqlite[1] ?? '');
  const m = /^(?:jdbc:)?([a-z]+)(?::(sequential|failover|loadbalance|replication|load-balance))?:?\/\/(.*)$/i.exec(text);
  const dialect = m ? SCHEMES[(m[1] ?? '').toLowerCase()] : undefined;
  if (!m || !dialect) {
    throw fail(
      'CONFIG',
      `Unsupported database URL ${redact(text)}. Use sqlite:<path>, mariadb://host:port/db, postgres://host:port/db or a jdbc:mariadb:/jdbc:postgresql: URL.`,
    );
  }
  const mode = m[2]?.toLowerCase();
  if (mode !== undefined && mode !== 'sequential') {
    throw fail('CONFIG', `JDBC mode "${mode}" in ${redact(text)} is not supported; use "sequential" (hosts in priority order) or none.`);
  }
  return { dialect, ...(mode ? { mode } : {}), ...parseServerPart(m[3] ?? '', dialect, text) };
}

function parseSqlite(rest: string): ParsedSqlUrl {
  const [pathPart = '', query = ''] = splitOnce(rest, '?');
  const path = decodeURIComponent(pathPart);
  if (path === '')
    throw fail('CONFIG', 'A sqlite: URL needs a file path, e.g. sqlite:/var/lib/authstate/oocd.sqlite (or sqlite::memory:).');
  return { dialect: 'sqlite', hosts: [], database: path, path, params: parseQuery(query) };
}

function parseServerPart(rest: string, dialect: 'mysql' | 'postgres', whole: string): Omit<ParsedSqlUrl, 'dialect' | 'mode'> {
  const [beforeQuery = '', query = ''] = splitOnce(rest, '?');
  const [authority = '', databasePart = ''] = splitOnce(beforeQuery, '/');
  const at = authority.lastIndexOf('@');
  const userInfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostList = at >= 0 ? authority.slice(at + 1) : authority;
  const hosts = hostList.split(',').map((h) => parseHost(h, DEFAULT_PORT[dialect], whole));
  const database = decodeURIComponent(databasePart.replace(/\/+$/, ''));
  if (database === '') throw fail('CONFIG', `Database URL ${redact(whole)} names no database; add it after the hosts, e.g. …:3306/OOCD.`);
  const params = parseQuery(query);
  if (params.autocommit !== undefined && params.autocommit.toLowerCase() !== 'true') {
    throw fail(
      'CONFIG',
      `Database URL ${redact(whole)} sets autocommit=${params.autocommit}; authstate needs autocommit (remove it or use true).`,
    );
  }
  const out: Omit<ParsedSqlUrl, 'dialect' | 'mode'> = { hosts, database, params };
  const [rawUser, rawPassword] = userInfo === undefined ? [] : splitOnce(userInfo, ':');
  const user = rawUser ? decodeURIComponent(rawUser) : params.user;
  const password = rawPassword !== undefined ? decodeURIComponent(rawPassword) : params.password;
  if (user) out.user = user;
  if (password !== undefined) out.password = password;
  delete params.user;
  delete params.password;
  return out;
}

function parseHost(text: string, defaultPort: number, whole: string): SqlHost {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(text.trim());
  if (!m) throw fail('CONFIG', `Database URL ${redact(whole)} has a malformed host "${text}"; use host or host:port, comma-separated.`);
  const host = (m[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw fail('CONFIG', `Database URL ${redact(whole)} has a bad port in "${text}".`);
  return { host, port };
}

function parseQuery(query: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const [k = '', v = ''] = splitOnce(pair, '=');
    params[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, ' '));
  }
  return params;
}

function splitOnce(text: string, sep: string): [string, string?] {
  const i = text.indexOf(sep);
  return i < 0 ? [text] : [text.slice(0, i), text.slice(i + sep.length)];
}

/** The URL with any password (in `user:pass@` or `password=`) replaced by `***`, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^/@:,]*):[^/@]*@/, '//$1:***@').replace(/([?&]password=)[^&]*/i, '$1***');
}
