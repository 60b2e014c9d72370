import { errorFactory } from '@authstate/oocd-core';
import type { NodesTarget } from '@authstate/oocd-sql';
import type { Argv } from 'yargs';
import { type BackendArgs, passwordFrom, resolveBackendConfig, withBackendOptions } from '../../../backend-options.js';

const fail = errorFactory('cli');

/** The env variable holding the password of `--admin-user`. */
export const ADMIN_PASSWORD_ENV = 'AUTHSTATE_OOCD_ADMIN_PASSWORD';

/** The options of the `oocd nodes` commands: the backend options plus an operator login. */
export interface NodesArgs extends BackendArgs {
  adminUser?: string | undefined;
  adminPasswordFile?: string | undefined;
  connectTimeout?: number | undefined;
}

/** Adds the backend options and the operator login (group "Nodes") to a `nodes` command. */
export function withNodesOptions<T>(y: Argv<T>) {
  const group = 'Nodes:';
  return withBackendOptions(y)
    .option('admin-user', {
      type: 'string',
      group,
      describe: 'Login allowed to read replication status (and purge binary logs); default: schema user, else data user, else the URL’s',
    })
    .option('admin-password-file', {
      type: 'string',
      group,
      normalize: true,
      describe: `File holding its password; env ${ADMIN_PASSWORD_ENV}`,
    })
    .option('connect-timeout', { type: 'number', group, default: 5, describe: 'Seconds to wait for each node' });
}

/**
 * The cluster the node commands look at: the URL (with its host list) from `--url` or the config
 * (`url`/`jdbcUrl`), and the login — `--admin-user`, else the schema user, else the data user,
 * else the URL's own — with its password from a file or the environment, never argv.
 */
export async function resolveNodesTarget(args: NodesArgs, env: NodeJS.ProcessEnv = process.env): Promise<NodesTarget> {
  const config = await resolveBackendConfig(args, env);
  const url = config.url ?? config.jdbcUrl;
  if (typeof url !== 'string' || url === '') {
    throw fail(
      'CONFIG',
      'The node commands need the database URL with its host list: --url mariadb://db1:3306,db2:3306/OOCD, or a --config with url/jdbcUrl.',
    );
  }
  const adminPassword = await passwordFrom(args.adminPasswordFile, env[ADMIN_PASSWORD_ENV], 'admin user password');
  const login = pickLogin(args.adminUser, adminPassword, [
    [config.schemaUser, config.schemaUserPassword],
    [config.dataUser, config.dataUserPassword],
  ]);
  return { url, ...login, connectTimeout: args.connectTimeout ?? 5 };
}

type ConfigValue = string | number | boolean | undefined;

function pickLogin(
  adminUser: string | undefined,
  adminPassword: string | undefined,
  fallbacks: [ConfigValue, ConfigValue][],
): { user?: string; password?: string } {
  if (adminUser !== undefined || adminPassword !== undefined) {
    return { ...(adminUser === undefined ? {} : { user: adminUser }), ...(adminPassword === undefined ? {} : { password: adminPassword }) };
  }
  for (const [user, password] of fallbacks) {
    if (typeof user === 'string' && user !== '') return { user, ...(typeof password === 'string' ? { password } : {}) };
  }
  return {};
}
