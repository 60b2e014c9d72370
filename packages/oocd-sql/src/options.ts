import { configBoolean, configNumber, configString, errorFactory, type OocdConfig } from '@authstate/oocd-core';
import type { PoolCredentials } from './connect/create-pool.js';
import { DEFAULT_TABLE, validateTableName } from './table.js';
import { type ParsedSqlUrl, parseSqlUrl } from './url.js';

const fail = errorFactory('oocd-sql');

/** Default pause between reaper batches, ms. */
export const DEFAULT_REAPER_BATCH_PAUSE_MS = 0;

/** The SQL backend's settings, read from an `openOocd` config. */
export interface SqlSettings {
  url: ParsedSqlUrl;
  /** The URL as configured, for messages (password redacted by the caller). */
  urlText: string;
  table: string;
  /** SELECT, INSERT, UPDATE, DELETE: what the driver works as. */
  data: PoolCredentials;
  /** CREATE: used only to create the table. Falls back to the data user. */
  schema: PoolCredentials;
  /** Create the table if it is missing (default true). */
  automaticDbSchemaSetup: boolean;
  /** Take the cluster-wide advisory lock while reaping (default true). */
  lockGloballyWhenReaping: boolean;
  /** Rows deleted per reaper statement (default 1000). */
  reaperBatchSize: number;
  /** Pause between two reaper batches, in ms (default 0: only yield to the event loop). */
  reaperBatchPauseMs: number;
  /** Connections per pool (default 10). */
  poolSize: number;
  /** SQLite: ms to wait for another process's write lock (default 10 000). */
  busyTimeoutMs: number;
}

/**
 * Reads the SQL options (nevisAuth's names): `url`/`jdbcUrl`, `dataUser`, `dataUserPassword`,
 * `schemaUser`, `schemaUserPassword`, `automaticDbSchemaSetup`, `lockGloballyWhenReaping`, and
 * ours: `table`, `reaperBatchSize`, `reaperBatchPause` (ms), `poolSize`, `busyTimeout` (ms).
 */
export function readSqlSettings(config: OocdConfig): SqlSettings {
  const urlText = configString(config, 'url') ?? configString(config, 'jdbcUrl');
  if (!urlText) {
    throw fail('CONFIG', 'The sql backend needs option `url` (or nevisAuth `jdbcUrl`), e.g. url=sqlite:/var/lib/authstate/oocd.sqlite.');
  }
  const url = parseSqlUrl(urlText);
  const dataUser = configString(config, 'dataUser') ?? url.user;
  const dataPassword = configString(config, 'dataUserPassword') ?? url.password;
  const schemaUser = configString(config, 'schemaUser') ?? dataUser;
  const schemaPassword = configString(config, 'schemaUserPassword') ?? dataPassword;
  const batch = configNumber(config, 'reaperBatchSize', 1000);
  if (!Number.isInteger(batch) || batch < 1) throw fail('CONFIG', `Option \`reaperBatchSize\` must be a positive integer, got ${batch}.`);
  const pause = configNumber(config, 'reaperBatchPause', DEFAULT_REAPER_BATCH_PAUSE_MS);
  if (!(pause >= 0 && pause <= 60_000)) throw fail('CONFIG', `Option \`reaperBatchPause\` must be 0–60000 ms, got ${pause}.`);
  return {
    url,
    urlText,
    table: validateTableName(configString(config, 'table', DEFAULT_TABLE) as string),
    data: credentials(dataUser, dataPassword),
    schema: credentials(schemaUser, schemaPassword),
    automaticDbSchemaSetup: configBoolean(config, 'automaticDbSchemaSetup', true),
    lockGloballyWhenReaping: configBoolean(config, 'lockGloballyWhenReaping', true),
    reaperBatchSize: batch,
    reaperBatchPauseMs: pause,
    poolSize: Math.max(1, Math.trunc(configNumber(config, 'poolSize', 10))),
    busyTimeoutMs: configNumber(config, 'busyTimeout', 10_000),
  };
}

function credentials(user: string | undefined, password: string | undefined): PoolCredentials {
  const c: PoolCredentials = {};
  if (user !== undefined) c.user = user;
  if (password !== undefined) c.password = password;
  return c;
}
