// Which operations the fail-over layer repeats after their host died, and how the others fail.
// The driver is the in-memory reference driver with one injected "host died" failure per call
// (recorded exactly as a fail-over pool records a connection-level query failure).

import { isAuthstateError, MemoryDriver, type OocdDriver, type OocdEntry } from '@authstate/oocd-core';
import { describe, expect, test } from '@jest/globals';
import { recordQueryFailure } from '../../src/failover/failure-registry.js';
import { HostList } from '../../src/failover/host-list.js';
import {
  type FailoverEvent,
  failoverOptionsFromConfig,
  IDEMPOTENT_OPERATIONS,
  isMysqlConnectionError,
  isPostgresConnectionError,
  resolveFailoverOptions,
  setDefaultFailoverLogger,
  withFailoverRetry,
} from '../../src/failover/index.js';

type Op = keyof typeof IDEMPOTENT_OPERATIONS;

/** A memory driver whose next call of `failing` dies with a recorded connection-level error. */
class DyingDriver extends MemoryDriver {
  calls: Partial<Record<Op, number>> = {};
  failNext = new Set<Op>();
  readonly #secret = 'private state';
  constructor(
    readonly hosts: HostList,
    readonly recorded: boolean,
  ) {
    super();
    for (const op of Object.keys(IDEMPOTENT_OPERATIONS) as Op[]) {
      const original = (this[op] as (...a: unknown[]) => Promise<unknown>).bind(this);
      (this as unknown as Record<string, unknown>)[op] = async (...args: unknown[]) => {
        this.calls[op] = (this.calls[op] ?? 0) + 1;
        if (this.failNext.delete(op)) {
          const e = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
          if (this.recorded) recordQueryFailure(e, { hosts: this.hosts, host: 'db1:3306' });
          throw new Error('wrapped by the driver', { cause: e });
        }
        return original(...args);
      };
    }
  }
  get secret(): string {
    return this.#secret;
  }
}

const entry = (key: string): OocdEntry => ({ key, value: 'v', expiresAt: new Date(Date.now() + 60_000), metadata: {} });
const now = () => new Date();
const invoke: Record<Op, (d: OocdDriver) => Promise<unknown>> = {
  get: (d) => d.get('/a', now()),
  set: (d) => d.set(entry('/a')),
  create: (d) => d.create(entry('/b'), now()),
  take: (d) => d.take('/a', now()),
  remove: (d) => d.remove('/a', true),
  list: (d) => d.list('/', true, now()),
  children: (d) => d.children('/', now()),
  reap: (d) => d.reap(now()),
};

function setup(recorded = true) {
  const events: FailoverEvent[] = [];
  const hosts = new HostList(
    [
      { host: 'db1', port: 3306 },
      { host: 'db2', port: 3306 },
    ],
    resolveFailoverOptions({ logger: (_l, e) => events.push(e) }),
    () => {},
  );
  const raw = new DyingDriver(hosts, recorded);
  return { raw, driver: withFailoverRetry(raw), hosts, events };
}

describe('fail-over retry policy', () => {
  test.each((Object.keys(IDEMPOTENT_OPERATIONS) as Op[]).filter((op) => IDEMPOTENT_OPERATIONS[op]))(
    '%s is repeated once after its host died',
    async (op) => {
      const { raw, driver, hosts, events } = setup();
      await driver.set(entry('/a'));
      raw.failNext.add(op);
      await invoke[op](driver);
      expect(raw.calls[op]).toBe(op === 'set' ? 3 : 2);
      expect(hosts.counters.retries).toBe(1);
      expect(hosts.counters.retriesSucceeded).toBe(1);
      expect(events).toEqual([expect.objectContaining({ type: 'retry', operation: op, host: 'db1:3306' })]);
    },
  );

  test.each(['create', 'take'] as const)('%s is not repeated: BACKEND error, outcome unknown', async (op) => {
    const { raw, driver, hosts, events } = setup();
    await driver.set(entry('/a'));
    raw.failNext.add(op);
    const error = await invoke[op](driver).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAuthstateError(error, 'BACKEND')).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^\\[authstate\\] \\[oocd-sql\\] ${op}: .*db1:3306.*unknown.*Check with get\\(key\\)`),
    );
    expect(raw.calls[op]).toBe(1);
    expect(hosts.counters.outcomeUnknown).toBe(1);
    expect(events).toEqual([expect.objectContaining({ type: 'outcome-unknown', operation: op })]);
  });

  test('errors no fail-over pool recorded (single host, SQL errors) pass through untouched', async () => {
    const { raw, driver, hosts } = setup(false);
    raw.failNext.add('get');
    await expect(driver.get('/a', now())).rejects.toThrow('wrapped by the driver');
    raw.failNext.add('create');
    await expect(driver.create(entry('/c'), now())).rejects.toThrow('wrapped by the driver');
    expect(raw.calls.get).toBe(1);
    expect(hosts.counters.retries + hosts.counters.outcomeUnknown).toBe(0);
  });

  test('the wrapped driver keeps its own members (getters with private state, name, close)', async () => {
    const { driver } = setup();
    expect((driver as DyingDriver).secret).toBe('private state');
    expect(driver.name).toBe('memory');
    await driver.close();
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
