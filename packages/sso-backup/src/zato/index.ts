export {
  type SsoConfLine,
  type SsoConfOptions,
  type SsoConfSection,
  ssoConfText,
  ZATO_PASSWORD_REJECT_LIST,
  zatoSsoConf,
} from './conf/sso-conf.js';
export { openZatoDatabase, openZatoDatabaseWith, type ZatoDatabase } from './database.js';
export { type DbConfigInput, describeDbConfig, parseDatabaseUrl, redactUrl, type ZatoDbConfig } from './db-config.js';
export { type AnyKysely, type ZatoDialect, zatoDialect } from './dialects/index.js';
export { normalizeEngine, ZATO_ENGINES, type ZatoEngine } from './engine.js';
export { crockfordBase32, newSessionToken, newUserId, newZatoId, randomToken } from './ids.js';
export { type InitServerOptions, type InitServerResult, type InitServerUser, initServer } from './init-server.js';
export { insertRows, maxId, type ZatoRow } from './insert-rows.js';
export { loadKysely } from './kysely.js';
export { type LoginOptions, type LoginResult, login } from './login.js';
export { hashPassword, verifyPassword, ZATO_HASH_ROUNDS, ZATO_HASH_SALT_BYTES } from './password-hash.js';
export { createZatoSsoSchema, hasZatoSsoSchema, zatoSsoDdl } from './schema.js';
export { readServerConfig } from './server-config.js';
export { type SecretsConfInput, secretsConfText, serverConfText } from './server-files.js';
export { serverPaths } from './server-paths.js';
export { type NewZatoSession, SESSION_EXPIRY_MINUTES, zatoSessionRow } from './session-row.js';
export { ssoKeyForServer } from './sso-key-of-server.js';
export { checkWellKnownData } from './startup-check.js';
export { ZATO_SSO_SEQUENCES, ZATO_SSO_TABLES, type ZatoSsoTable } from './tables.js';
export { newTotpKey, ZATO_DEFAULT_TOTP_LABEL } from './totp-key.js';
export { type NewZatoUser, zatoUserRow } from './user-row.js';
export { formatPythonIsoDate, formatZatoDate, formatZatoIsoDate } from './zato-date.js';
export { zatoJson } from './zato-json.js';
