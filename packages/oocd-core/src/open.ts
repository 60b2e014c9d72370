import { configNumber, loadOocdConfig, normalizeClass, type OocdConfig, resolveConfigValues } from './config.js';
import { createDisabledService } from './disabled.js';
import type { OocdDriverFactory } from './driver.js';
import { DEFAULT_MAX_VALUE_BYTES } from './entry.js';
import { BUILTIN_BACKENDS, loadBackendFactory } from './load-backend.js';
import { MemoryDriver } from './memory.js';
import { createOocdService, type ServiceOptions } from './service.js';
import type { OutOfContextDataService } from './types.js';

/** Options of {@link openOocd} beyond the config. */
export interface OpenOptions extends Pick<ServiceOptions, 'now' | 'onReaperError' | 'onReaperRun'> {
  /** Factories by class name, used before any module is loaded (apps register built-ins here). */
  backends?: Record<string, OocdDriverFactory>;
}

/**
 * Opens the out-of-context data service the config asks for.
 *
 * @param config an object, or the path of a properties file (short or nevisAuth names).
 * @example
 * ```ts
 * const oocd = await openOocd({ class: 'fs', dir: '/var/lib/oocd', reaperInterval: 60 });
 * const same = await openOocd('/etc/authstate/oocd.properties');
 * ```
 */
export async function openOocd(config: OocdConfig | string, options: OpenOptions = {}): Promise<OutOfContextDataService> {
  const resolved = typeof config === 'string' ? await loadOocdConfig(config) : await resolveConfigValues(config);
  const cls = normalizeClass(resolved.class);
  if (cls === 'off') return createDisabledService();
  const serviceOptions: ServiceOptions = {
    ...options,
    maxValueBytes: configNumber(resolved, 'maxValueBytes', DEFAULT_MAX_VALUE_BYTES),
  };
  if (resolved.reaperInterval !== undefined && resolved.reaperInterval !== '') {
    serviceOptions.reaperIntervalSec = configNumber(resolved, 'reaperInterval', 60);
  }
  const factory =
    options.backends?.[cls] ?? (cls === 'memory' ? () => new MemoryDriver() : await loadBackendFactory(BUILTIN_BACKENDS[cls] ?? cls));
  const driver = await factory({ ...resolved, class: cls });
  return createOocdService(driver, serviceOptions);
}
