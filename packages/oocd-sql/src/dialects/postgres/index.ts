import { cteChildKeys } from '../../walk.js';
import type { DialectOps } from '../dialect-ops.js';
import { deleteExpiredBatch, onConflictCreate, onConflictUpsert } from '../shared/on-conflict.js';
import { asIs, connectionReapSession, plainReapBatch } from '../shared/reap-session.js';
import { textKeys } from '../shared/text-keys.js';
import { withAdvisoryLock } from './advisory-lock.js';
import { postgresConnector } from './connector.js';
import { postgresErrors } from './errors.js';
import { postgresFunctions } from './functions.js';
import { postgresSchema } from './schema.js';

/**
 * PostgreSQL: TEXT keys with `COLLATE "C"`, `ON CONFLICT … WHERE` for `create`, `DELETE …
 * RETURNING` for `take`, and `pg_try_advisory_lock` so one process of a cluster reaps at a time.
 * The database must be UTF8.
 */
export const postgresOps: DialectOps = {
  name: 'postgres',
  connector: postgresConnector,
  schema: postgresSchema,
  keys: textKeys,
  functions: postgresFunctions,
  statements: {
    upsert: onConflictUpsert,
    createIfAbsent: onConflictCreate,
    // SKIP LOCKED: rows a writer holds are left for the next run instead of waiting for it.
    reapBatch: (db, table) => deleteExpiredBatch(db, table, (q) => q.forUpdate().skipLocked()),
    childKeys: cteChildKeys,
  },
  reaper: {
    runBatch: plainReapBatch,
    isolated: asIs,
    session: connectionReapSession,
    withLock: withAdvisoryLock,
  },
  errors: postgresErrors,
};
