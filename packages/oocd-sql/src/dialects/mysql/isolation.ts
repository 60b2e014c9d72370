import { errorFactory } from '@authstate/oocd-core';
import { CompiledQuery } from 'kysely';
import type { PreparedQuery, QueryRunner } from '../../prepared.js';
import type { ReapArgs, ReapParams } from '../../statement-params.js';
import type { ReapWork } from '../parts/reaper-hooks.js';
import { errno } from './errors.js';

const fail = errorFactory('oocd-sql');

/** ER_BINLOG_STMT_MODE_AND_ROW_ENGINE: statement-based binlog refuses DML under READ COMMITTED. */
const BINLOG_NEEDS_REPEATABLE_READ = 1665;

/**
 * The session variable holding the isolation level, on this server: `transaction_isolation`
 * (MariaDB ≥ 11.1, MySQL ≥ 5.7.20; MySQL 8 removed the old name) or `tx_isolation` (every MariaDB,
 * MySQL ≤ 5.7). Prefers the new name when the server has both.
 */
export function pickIsolationVariable(names: readonly string[]): 'transaction_isolation' | 'tx_isolation' {
  const lower = names.map((n) => n.toLowerCase());
  if (lower.includes('transaction_isolation')) return 'transaction_isolation';
  if (lower.includes('tx_isolation')) return 'tx_isolation';
  throw fail('BACKEND', 'The database server has neither transaction_isolation nor tx_isolation; use MariaDB 10.5 or later.');
}

/** Asks the server which isolation variable it has (one `SHOW`, no failing probe query). */
async function isolationVariable(runner: QueryRunner): Promise<string> {
  const { rows } = await runner.executeQuery<{ Variable_name: string }>(
    CompiledQuery.raw("SHOW SESSION VARIABLES WHERE Variable_name IN ('transaction_isolation', 'tx_isolation')"),
  );
  return pickIsolationVariable(rows.map((r) => r.Variable_name));
}

// The variable name comes from pickIsolationVariable (one of two constants), never from input.
const setLevel = (runner: QueryRunner, variable: string, level: string) =>
  runner.executeQuery(CompiledQuery.raw(`SET SESSION ${variable} = ?`, [level]));

/**
 * A whole reap under READ COMMITTED: the reaper's connection is switched for the reap and put
 * back to its own level afterwards. (A one-shot `SET TRANSACTION` is not enough: in autocommit
 * mode MariaDB keeps it pending past the statement, so the next user of the pooled connection
 * would inherit it.) Why READ COMMITTED: under the default REPEATABLE READ, `DELETE … WHERE
 * expires_at <= :now LIMIT n` takes next-key locks on every index record it scans plus the gap
 * after the last one, up to the first live row, until it commits — so a writer inserting an entry
 * whose expiry falls into that gap waits for the whole batch and its commit (fsync). Under READ
 * COMMITTED InnoDB locks only the rows it deletes (no gap locks; the end-of-range record is not
 * locked), so writers of live entries never wait for the reaper. It is also what the seed
 * configures server-wide (`transaction-isolation=READ-COMMITTED`).
 */
export async function reapReadCommitted(runner: QueryRunner, work: ReapWork): Promise<number> {
  const variable = await isolationVariable(runner);
  const { rows } = await runner.executeQuery<{ lvl: string }>(CompiledQuery.raw(`SELECT @@SESSION.${variable} AS lvl`));
  const own = rows[0]?.lvl ?? 'REPEATABLE-READ';
  await setLevel(runner, variable, 'READ-COMMITTED');
  try {
    return await work(runner);
  } finally {
    await setLevel(runner, variable, own);
  }
}

/**
 * One batch; a server logging statements (`binlog_format=STATEMENT`) refuses DML under READ
 * COMMITTED: there the rest of the reap runs under REPEATABLE READ.
 */
export async function reapBatchOrFallBack(runner: QueryRunner, batch: PreparedQuery<ReapParams>, args: ReapArgs) {
  try {
    return await batch.execute(runner, args);
  } catch (e) {
    if (errno(e) !== BINLOG_NEEDS_REPEATABLE_READ) throw e;
    await setLevel(runner, await isolationVariable(runner), 'REPEATABLE-READ');
    return batch.execute(runner, args);
  }
}
