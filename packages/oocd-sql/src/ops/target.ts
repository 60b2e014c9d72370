import { errorFactory } from '@authstate/oocd-core';
import type { HostAddress } from '../failover/types.js';
import type { ParsedSqlUrl } from '../url.js';
import type { NodesTarget } from './types.js';

const fail = errorFactory('oocd-sql');

/** A {@link NodesTarget} with its URL parsed and defaults applied. */
export interface ResolvedTarget {
  dialect: 'mysql' | 'postgres';
  hosts: HostAddress[];
  database: string;
  user?: string;
  password?: string;
  connectTimeoutMs: number;
}

/** Checks the URL names a server database and fills in the login. */
export function resolveTarget(target: NodesTarget, url: ParsedSqlUrl): ResolvedTarget {
  if (url.dialect === 'sqlite') {
    throw fail(
      'INVALID_ARGUMENT',
      'Node commands need a MariaDB or PostgreSQL URL with the node list, e.g. mariadb://db1:3306,db2:3306/OOCD.',
    );
  }
  const user = target.user ?? url.user;
  const password = target.password ?? url.password;
  return {
    dialect: url.dialect,
    hosts: url.hosts,
    database: url.database,
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    connectTimeoutMs: (target.connectTimeout ?? 5) * 1000,
  };
}
