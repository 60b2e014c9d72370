export { main } from './cli.js';
export { parseDuration } from './duration.js';
export { EXIT, type ExitCode, exitCodeFor } from './exit-codes.js';
export { type AppOptions, buildApp, DEFAULT_BODY_LIMIT } from './http/app.js';
export { DataServiceClient, HttpError } from './http/client.js';
export { keyFromPath, keyToPath } from './http/key-path.js';
export { Metrics } from './http/metrics.js';
export { type DataService, type DataServiceOptions, startDataService } from './http/server.js';
export { type MigrateOptions, type MigrateSummary, migrateEntries } from './oocd/migrate.js';
