import type { DialectOps } from '../dialect-ops.js';
import { connectionReapSession } from '../shared/reap-session.js';
import { mysqlConnector } from './connector.js';
import { mysqlErrors } from './errors.js';
import { reapBatchOrFallBack, reapReadCommitted } from './isolation.js';
import { binaryKeys, mysqlFunctions } from './keys.js';
import { withNamedLock } from './lock.js';
import { mysqlSchema } from './schema.js';
import { mysqlStatements } from './statements.js';

/**
 * MariaDB (10.5+ for `DELETE … RETURNING`): VARBINARY(1024) keys bound as bytes, `INSERT … ON
 * DUPLICATE KEY UPDATE`, reaps at READ COMMITTED on one connection under `GET_LOCK`.
 */
export const mysqlOps: DialectOps = {
  name: 'mysql',
  connector: mysqlConnector,
  schema: mysqlSchema,
  keys: binaryKeys,
  functions: mysqlFunctions,
  statements: mysqlStatements,
  reaper: {
    runBatch: reapBatchOrFallBack,
    isolated: reapReadCommitted,
    session: connectionReapSession,
    withLock: withNamedLock,
  },
  errors: mysqlErrors,
};
