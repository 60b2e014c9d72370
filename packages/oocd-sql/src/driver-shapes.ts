// The parts of the driver packages (pg, mysql2) that oocd-sql's PUBLIC declarations mention, as
// local structural types. The drivers are optional peers, and pg ships no types at all: a
// declaration that imported `pg` or `mysql2` would make a SQLite-only (or pg-only, without
// @types/pg) TypeScript consumer fail with `skipLibCheck: false`. The real modules fit these
// shapes (the call sites in src/connect and the fail-over tests pass them as they are), and
// nothing here changes what runs. Internal code may still use the drivers' own types.

/** node-postgres client settings without the address (user, password, database, ssl, types, …). */
export interface PgClientSettings {
  user?: string;
  password?: string | (() => string | Promise<string>);
  database?: string;
  application_name?: string;
  /** Any other option of pg's `ClientConfig`, passed through as it is. */
  [option: string]: unknown;
}

/** The node-postgres client calls the fail-over pool makes (its queries go through Kysely's shape). */
export interface PgClientLike {
  connect(): Promise<unknown>;
  end(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

/** pg's type-parser registry (`pg.types`): the parser of a column type by its oid. */
export interface PgTypeParsers {
  getTypeParser(oid: number, format?: 'text'): unknown;
}

/** The node-postgres module (`(await import('pg')).default`) as the fail-over pool uses it. */
export interface PgModule {
  Client: new (settings: PgClientSettings & { host: string; port: number; connectionTimeoutMillis: number }) => PgClientLike;
}

/** mysql2 connection options without the address (user, password, database, timezone, charset, flags, …). */
export interface MysqlConnectionSettings {
  user?: string;
  password?: string;
  database?: string;
  timezone?: string;
  /** Any other option of mysql2's `ConnectionOptions`, passed through as it is. */
  [option: string]: unknown;
}

/** A query mysql2 returns when called without a callback (an event emitter; Kysely streams it). */
export interface MysqlQueryLike {
  emit(event: 'error', error: unknown): boolean;
  once(event: 'end', listener: () => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
}

/** The mysql2 connection calls (callback API) the fail-over pool makes. */
export interface MysqlConnectionLike {
  connect(callback: (error: unknown) => void): void;
  end(callback: (error: unknown) => void): void;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
  off(event: 'error', listener: (error: unknown) => void): unknown;
  query(sql: string, values: unknown[]): MysqlQueryLike;
  query(sql: string, values: unknown[], callback: (error: unknown, result: unknown) => void): MysqlQueryLike;
}

/** The mysql2 module (callback API, `(await import('mysql2')).default`) as the fail-over pool uses it. */
export interface MysqlModule {
  createConnection(options: MysqlConnectionSettings & { host: string; port: number; connectTimeout: number }): MysqlConnectionLike;
}
