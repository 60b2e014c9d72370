export { openZatoDatabase, openZatoDatabaseWith, type ZatoDatabase } from './database.js';
export { type DbConfigInput, describeDbConfig, parseDatabaseUrl, redactUrl, type ZatoDbConfig } from './db-config.js';
export { type AnyKysely, type ZatoDialect, zatoDialect } from './dialects/index.js';
export { normalizeEngine, ZATO_ENGINES, type ZatoEngine } from './engine.js';
export { createZatoSsoSchema, hasZatoSsoSchema, zatoSsoDdl } from './schema.js';
export { readServerConfig } from './server-config.js';
export { serverPaths } from './server-paths.js';
export { ZATO_SSO_SEQUENCES, ZATO_SSO_TABLES, type ZatoSsoTable } from './tables.js';
