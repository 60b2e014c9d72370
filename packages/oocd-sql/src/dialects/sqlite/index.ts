import { cteChildKeys } from '../../walk.js';
import type { DialectOps } from '../dialect-ops.js';
import { deleteExpiredBatch, onConflictCreate, onConflictUpsert } from '../shared/on-conflict.js';
import { asIs, databaseReapSession, plainReapBatch } from '../shared/reap-session.js';
import { textKeys } from '../shared/text-keys.js';
import { sqliteConnector } from './connector.js';
import { sqliteErrors } from './errors.js';
import { sqliteFunctions } from './functions.js';
import { sqliteSchema } from './schema.js';

/**
 * SQLite (better-sqlite3): TEXT keys in byte order, WAL, `synchronous=FULL`. Every statement is
 * one autocommit write transaction, serialised across processes by SQLite's write lock (with a
 * busy timeout).
 */
export const sqliteOps: DialectOps = {
  name: 'sqlite',
  connector: sqliteConnector,
  schema: sqliteSchema,
  keys: textKeys,
  functions: sqliteFunctions,
  statements: {
    upsert: onConflictUpsert,
    createIfAbsent: onConflictCreate,
    reapBatch: (db, table) => deleteExpiredBatch(db, table),
    childKeys: cteChildKeys,
  },
  reaper: {
    runBatch: plainReapBatch,
    isolated: asIs,
    session: databaseReapSession,
    // No cluster: the processes sharing the file queue on SQLite's own write lock per batch.
    withLock: (db, _name, work) => work(db),
  },
  errors: sqliteErrors,
};
