import type { Engine } from '../types.js';

/** A row as an object keyed by column name. */
export type Row = Record<string, unknown>;

/**
 * The slice of a database connection backup and restore need: parameterised statements
 * (placeholders native to the engine: `?` for SQLite/MySQL, `$1` for PostgreSQL) and a
 * transaction that hands out one connection.
 */
export interface Conn {
  readonly engine: Engine;
  /** Runs one statement and returns its rows (empty for statements without results). */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it
   * throws. `snapshot` asks for a consistent read view (REPEATABLE READ) for a backup.
   */
  transaction<T>(fn: (tx: Conn) => Promise<T>, opts?: { snapshot?: boolean }): Promise<T>;
  /** Runs `fn` on one connection held for its whole duration (session settings, own transactions). */
  pinned<T>(fn: (c: Conn) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
