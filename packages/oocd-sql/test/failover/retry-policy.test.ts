// Which operations the fail-over retry repeats after their host died, and how the others fail.
// The pool is a real FailoverPool (the owner of error classification) over an in-memory connector
// — this is about the policy, not a database; the real servers are in pool-failover.test.ts and
// replicas-*.test.ts. An operation's first attempt dies exactly as a query on a pooled connection
// does: the pool is told (`queryFailed`), classifies the error, marks the host down.

import { isAuthstateError } from '@authstate/oocd-core';
import { describe, expect, test } from '@jest/globals';
import { FailoverPool } from '../../src/failover/failover-pool.js';
import { HostList } from '../../src/failover/host-list.js';
import {
  type FailoverEvent,
  failoverOptionsFromConfig,
  isMysqlConnectionError,
  isPostgresConnectionError,
  resolveFailoverOptions,
  setDefaultFailoverLogger,
} from '../../src/failover/index.js';
import { IDEMPOTENT_OPERATIONS, type Operation, runWithFailover } from '../../src/retry/failover-retry.js';

const ECONNRESET = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

function setup() {
  const events: FailoverEvent[] = [];
  const pool = new FailoverPool<object>(
    [
      { host: 'db1', port: 3306 },
      { host: 'db2', port: 3306 },
    ],
    { open: async () => ({}), close: () => {}, destroy: () => {}, isConnectionError: isMysqlConnectionError },
    { logger: (_l, e) => events.push(e) },
  );
  return { pool, events };
}

/** An operation whose first attempt fails with `error` on a connection of `pool` (wrapped, as drivers do). */
async function failingOnce(pool: FailoverPool<object>, error: Error) {
  const conn = await pool.acquire();
  let calls = 0;
  const fn = async () => {
    calls++;
    if (calls === 1) {
      pool.queryFailed(conn, error);
      throw new Error('wrapped by the driver', { cause: error });
    }
    return 'done';
  };
  return { fn, calls: () => calls };
}

const ops = Object.keys(IDEMPOTENT_OPERATIONS) as Operation[];
const op = (name: Operation) => ({ name, idempotent: IDEMPOTENT_OPERATIONS[name] });

describe('fail-over retry policy', () => {
  test('the table: reads, set, remove and reap are repeated; create and take never', () => {
    expect(ops.filter((o) => IDEMPOTENT_OPERATIONS[o]).sort()).toEqual(['children', 'get', 'list', 'reap', 'remove', 'set']);
    expect(ops.filter((o) => !IDEMPOTENT_OPERATIONS[o]).sort()).toEqual(['create', 'take']);
  });

  test.each(ops.filter((o) => IDEMPOTENT_OPERATIONS[o]))('%s is repeated once after its host died', async (name) => {
    const { pool, events } = setup();
    const { fn, calls } = await failingOnce(pool, ECONNRESET());
    await expect(runWithFailover(pool, op(name), fn)).resolves.toBe('done');
    expect(calls()).toBe(2);
    expect(pool.hosts.counters.retries).toBe(1);
    expect(pool.hosts.counters.retriesSucceeded).toBe(1);
    expect(pool.stats().hosts[0]?.down).toBe(true);
    expect(events.filter((e) => e.type === 'retry')).toEqual([expect.objectContaining({ operation: name, host: 'db1:3306' })]);
  });

  test.each(['create', 'take'] as const)('%s is not repeated: BACKEND error, outcome unknown', async (name) => {
    const { pool, events } = setup();
    const { fn, calls } = await failingOnce(pool, ECONNRESET());
    const error = await runWithFailover(pool, op(name), fn).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAuthstateError(error, 'BACKEND')).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^\\[authstate\\] \\[oocd-sql\\] ${name}: .*db1:3306.*unknown.*Check with get\\(key\\)`),
    );
    expect(calls()).toBe(1);
    expect(pool.hosts.counters.outcomeUnknown).toBe(1);
    expect(events.filter((e) => e.type === 'outcome-unknown')).toEqual([expect.objectContaining({ operation: name })]);
  });

  test('SQL errors, and connection errors another pool saw, pass through untouched', async () => {
    const { pool } = setup();
    const sqlError = await failingOnce(pool, Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' }));
    await expect(runWithFailover(pool, op('get'), sqlError.fn)).rejects.toThrow('wrapped by the driver');
    expect(sqlError.calls()).toBe(1);
    const other = setup().pool;
    const elsewhere = await failingOnce(other, ECONNRESET());
    await expect(runWithFailover(pool, op('get'), elsewhere.fn)).rejects.toThrow('wrapped by the driver');
    expect(elsewhere.calls()).toBe(1);
    expect(pool.hosts.counters.retries + pool.hosts.counters.outcomeUnknown).toBe(0);
    expect(pool.stats().hosts[0]?.down).toBe(false);
  });
});

describe('fail-over options', () => {
  test("defaults are the seed's; config strings are read; an app can route log lines", () => {
    const r = resolveFailoverOptions();
    expect([r.failoverTimeoutMs, r.maxConnectionLifetimeMs]).toEqual([30_000, 1_800_000]);
    expect(failoverOptionsFromConfig({ failoverTimeout: '7', maxConnectionLifetime: '60' })).toMatchObject({
      failoverTimeout: 7,
      maxConnectionLifetime: 60,
    });
    expect(() => failoverOptionsFromConfig({ failoverTimeout: 'soon' })).toThrow(/failoverTimeout/);
    const seen: string[] = [];
    setDefaultFailoverLogger((line) => seen.push(line));
    try {
      const hosts = new HostList([{ host: 'db1', port: 1 }], resolveFailoverOptions(), () => {});
      hosts.markDown(0, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      expect(seen).toEqual([expect.stringMatching(/^database host db1:1 marked down until .*: connect ECONNREFUSED$/)]);
    } finally {
      setDefaultFailoverLogger(undefined);
    }
  });
});

describe('connection-level error classification', () => {
  const err = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  test('MariaDB', () => {
    for (const c of ['ECONNREFUSED', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'ER_CONNECTION_KILLED', 'ETIMEDOUT']) {
      expect([c, isMysqlConnectionError(err(c))]).toEqual([c, true]);
    }
    for (const c of ['ER_ACCESS_DENIED_ERROR', 'ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK', 'ER_NO_SUCH_TABLE']) {
      expect([c, isMysqlConnectionError(err(c))]).toEqual([c, false]);
    }
    expect(isMysqlConnectionError(new Error('outer', { cause: err('ECONNRESET') }))).toBe(true);
  });
  test('PostgreSQL', () => {
    for (const c of ['57P01', '57P03', '08006', '08001', 'ECONNREFUSED']) expect([c, isPostgresConnectionError(err(c))]).toEqual([c, true]);
    for (const c of ['28P01', '23505', '40001', '42P01']) expect([c, isPostgresConnectionError(err(c))]).toEqual([c, false]);
    expect(isPostgresConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isPostgresConnectionError(new Error('syntax error'))).toBe(false);
  });
});
