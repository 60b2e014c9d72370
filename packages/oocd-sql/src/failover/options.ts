import { configNumber, type OocdConfig } from '@authstate/oocd-core';
import { stderrLogger } from './events.js';
import { configuredDefaultLogger } from './live-pools.js';
import type { FailoverOptions, ResolvedFailoverOptions } from './types.js';

/** The seed's defaults: a failed host is skipped for 30 s; connections live at most 30 min. */
export const FAILOVER_DEFAULTS = {
  failoverTimeout: 30,
  maxConnectionLifetime: 1800,
  maxConnections: 10,
  connectTimeout: 10,
} as const;

/** Fills in defaults and converts seconds to milliseconds. */
export function resolveFailoverOptions(options: FailoverOptions = {}): ResolvedFailoverOptions {
  return {
    failoverTimeoutMs: (options.failoverTimeout ?? FAILOVER_DEFAULTS.failoverTimeout) * 1000,
    maxConnectionLifetimeMs: (options.maxConnectionLifetime ?? FAILOVER_DEFAULTS.maxConnectionLifetime) * 1000,
    maxConnections: Math.max(1, options.maxConnections ?? FAILOVER_DEFAULTS.maxConnections),
    connectTimeoutMs: (options.connectTimeout ?? FAILOVER_DEFAULTS.connectTimeout) * 1000,
    logger: options.logger ?? configuredDefaultLogger() ?? stderrLogger,
    now: options.now ?? Date.now,
  };
}

/**
 * Reads `failoverTimeout`, `maxConnectionLifetime` and `connectTimeout` (seconds) from an OOCD
 * config; absent options keep their defaults.
 *
 * @example
 * ```ts
 * failoverOptionsFromConfig({ class: 'sql', failoverTimeout: '10' }) // { failoverTimeout: 10, … }
 * ```
 */
export function failoverOptionsFromConfig(config: OocdConfig): FailoverOptions {
  return {
    failoverTimeout: configNumber(config, 'failoverTimeout', FAILOVER_DEFAULTS.failoverTimeout),
    maxConnectionLifetime: configNumber(config, 'maxConnectionLifetime', FAILOVER_DEFAULTS.maxConnectionLifetime),
    connectTimeout: configNumber(config, 'connectTimeout', FAILOVER_DEFAULTS.connectTimeout),
  };
}
