import { resolve } from 'node:path';
import {
  describeCause,
  errorFactory,
  isAuthstateError,
  loadOocdConfig,
  normalizeClass,
  type OocdConfig,
  type OpenOptions,
  type OutOfContextDataService,
  openOocd,
} from '@authstate/oocd-core';
import type { Argv } from 'yargs';
import { CLI_BACKEND_FACTORIES } from './backends.js';
import { readSecretFile } from './secret-input.js';

const fail = errorFactory('cli');

/** Where the CLI stores entries when nothing is configured. */
export const DEFAULT_FS_DIR = './data/oocd';

/** The backend options every `oocd` command takes. */
export interface BackendArgs {
  config?: string | undefined;
  backend?: string | undefined;
  dir?: string | undefined;
  url?: string | undefined;
  dataUser?: string | undefined;
  dataPasswordFile?: string | undefined;
  schemaUser?: string | undefined;
  schemaPasswordFile?: string | undefined;
}

/** Adds the backend options (group "Backend") to a command. */
export function withBackendOptions<T>(y: Argv<T>) {
  const group = 'Backend (default: fs in ./data/oocd):';
  return y
    .option('config', {
      type: 'string',
      group,
      describe: 'Properties file (short or nevisAuth names); env AUTHSTATE_OOCD_CONFIG',
      normalize: true,
    })
    .option('backend', { type: 'string', group, describe: 'fs | sql | memory | off | <module or path>' })
    .option('dir', { type: 'string', group, describe: 'fs: the data directory', normalize: true })
    .option('url', { type: 'string', group, describe: 'sql: database URL (sqlite:FILE, postgres://…, mysql://…, jdbc:…)' })
    .option('data-user', { type: 'string', group, describe: 'sql: user for data access' })
    .option('data-password-file', {
      type: 'string',
      group,
      describe: 'sql: file holding the data user password; env AUTHSTATE_OOCD_DATA_PASSWORD',
    })
    .option('schema-user', { type: 'string', group, describe: 'sql: user that creates the schema' })
    .option('schema-password-file', {
      type: 'string',
      group,
      describe: 'sql: file holding the schema user password; env AUTHSTATE_OOCD_SCHEMA_PASSWORD',
    });
}

/**
 * Builds the backend config from the options: the config file (`--config`, else
 * `AUTHSTATE_OOCD_CONFIG`) first, then the options on top. Without a config file or `--backend`,
 * `--url` means sql and anything else fs (in {@link DEFAULT_FS_DIR} unless `--dir`). Passwords
 * come from files or the environment, never from argv.
 */
export async function resolveBackendConfig(args: BackendArgs, env: NodeJS.ProcessEnv = process.env): Promise<OocdConfig> {
  const file = args.config ?? (env.AUTHSTATE_OOCD_CONFIG || undefined);
  const config: OocdConfig = file ? await loadOocdConfig(file) : {};
  if (args.backend) config.class = args.backend;
  else if (!file) config.class = args.url ? 'sql' : 'fs';
  if (args.dir) config.dir = resolve(args.dir);
  if (args.url) {
    config.url = args.url;
    delete config.jdbcUrl;
  }
  if (args.dataUser) config.dataUser = args.dataUser;
  if (args.schemaUser) config.schemaUser = args.schemaUser;
  const dataPassword = await passwordFrom(args.dataPasswordFile, env.AUTHSTATE_OOCD_DATA_PASSWORD, 'data user password');
  if (dataPassword !== undefined) config.dataUserPassword = dataPassword;
  const schemaPassword = await passwordFrom(args.schemaPasswordFile, env.AUTHSTATE_OOCD_SCHEMA_PASSWORD, 'schema user password');
  if (schemaPassword !== undefined) config.schemaUserPassword = schemaPassword;
  if (normalizeClass(config.class) === 'fs' && !config.dir) config.dir = resolve(DEFAULT_FS_DIR);
  if (args.url && normalizeClass(config.class) === 'sql') await checkUrlOption(args.url);
  return config;
}

/**
 * Checks a `--url` given on the command line with the sql backend's own parser: a scheme it does
 * not know (`oracle://…`) or a malformed URL is a usage error (exit 2), not a failure (exit 1).
 */
export async function checkUrlOption(url: string): Promise<void> {
  const { parseSqlUrl } = await import('@authstate/oocd-sql');
  try {
    parseSqlUrl(url);
  } catch (e) {
    if (!isAuthstateError(e)) throw e;
    throw fail('INVALID_ARGUMENT', `--url: ${e.message.replace(/^\[authstate\] \[[^\]]+\] /, '')}`, e);
  }
}

/** A password from its file (first line), else from the environment value; never from argv. */
export async function passwordFrom(file: string | undefined, fromEnv: string | undefined, what: string): Promise<string | undefined> {
  if (file) return readSecretFile(file, what);
  return fromEnv || undefined;
}

/** What a long-running caller (`serve`) hears from the backend's background reaper. */
export type ReaperListeners = Pick<OpenOptions, 'onReaperError' | 'onReaperRun'>;

/**
 * Opens the backend a config describes, with the CLI's built-in backends. One-shot commands
 * (no `reaper` argument) run without the background reaper. `serve` passes `reaper` listeners and
 * gets the core's one reaper, with the core's one default: config `reaperInterval`, else the
 * backend's default (0 = off).
 */
export async function openBackend(config: OocdConfig, reaper?: ReaperListeners): Promise<OutOfContextDataService> {
  try {
    if (reaper === undefined) return await openOocd({ ...config, reaperInterval: 0 }, { backends: CLI_BACKEND_FACTORIES });
    return await openOocd(config, { backends: CLI_BACKEND_FACTORIES, ...reaper });
  } catch (e) {
    if (isAuthstateError(e)) throw e;
    // A driver's own error (e.g. SQLite's "directory does not exist") gets the location it was about.
    throw fail('CONFIG', `Cannot open the backend ${describeBackend(config)}: ${describeCause(e)}.`, e);
  }
}

/** Opens the backend for the duration of `fn`, closing it afterwards (also on failure). */
export async function withBackend<T>(args: BackendArgs, fn: (oocd: OutOfContextDataService) => Promise<T>): Promise<T> {
  const oocd = await openBackend(await resolveBackendConfig(args));
  try {
    return await fn(oocd);
  } finally {
    await oocd.close();
  }
}

/** A short description of a config for messages: class and location, never a password. */
export function describeBackend(config: OocdConfig): string {
  const cls = String(config.class ?? 'fs');
  const where = config.dir ?? config.url ?? config.jdbcUrl;
  return where ? `${cls} (${redactUrl(String(where))})` : cls;
}

/** Removes a password from a URL (`postgres://u:secret@h/db` → `postgres://u:***@h/db`). */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@').replace(/([?&;](password|pwd)=)[^&;]*/gi, '$1***');
}
