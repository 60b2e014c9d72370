import type { OocdConfig } from '@authstate/oocd-core';

/** The user a pool logs in as. */
export interface PoolCredentials {
  user?: string;
  password?: string;
}

/** Pool settings beyond the URL and the credentials. */
export interface PoolOptions {
  /** Most connections open at once (default 10). */
  max?: number;
  /** The backend's whole config (fail-over options live here). */
  config?: OocdConfig;
  /** What the pool is for, for log lines: `data` or `schema`. */
  purpose?: 'data' | 'schema';
}
