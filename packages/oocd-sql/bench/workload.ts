import { openOocd } from '@authstate/oocd-core';
import { Kysely } from 'kysely';
import { DIALECTS } from '../src/dialects/index.js';
import { readSqlSettings } from '../src/options.js';
import { buildStatements } from '../src/statements.js';
import type { OocdDatabase } from '../src/table.js';
import { seedRows } from '../test/support/seed.js';
import type { Target } from '../test/support/targets.js';
import { RAW_CLIENTS } from './raw-clients.js';
import { benchConfig } from './targets.js';

/**
 * The operations the throughput benchmark measures. `get-plain`: our `get` beside the plainest
 * hand-written prepared read (issue 11's baseline), where `get` compares with the same SQL text.
 */
export const OPS = ['create', 'get', 'get-plain', 'list-1000'] as const;
export type Op = (typeof OPS)[number];

/** One call of an operation by client `c`, its `i`-th. */
export type OpFn = (c: number, i: number) => Promise<unknown> | unknown;

/** Both sides of the comparison, ready to run, on their own tables with the same rows. */
export interface Workload {
  raw: Record<Op, OpFn>;
  ours: Record<Op, OpFn>;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const GET_KEYS = 10_000;
const VALUE = 'v'.repeat(100);
const METADATA = { client: 'bench' };

/**
 * Sets up the public service (`openOocd`, class sql, a pool of `clients` connections) and the raw
 * driver (the same SQL text, the same pool size, its own table with the same DDL), each seeded
 * with 10 000 keys to get and a branch of 1000 entries to list.
 */
export async function openWorkload(target: Target, clients: number): Promise<Workload> {
  const oursConfig = benchConfig(target, { poolSize: clients });
  const rawConfig = benchConfig(target);
  const ours = await openOocd(oursConfig);
  await (await openOocd(rawConfig)).close(); // creates the raw side's table with the same DDL
  const s = readSqlSettings(rawConfig);
  const ops = DIALECTS[s.url.dialect];
  const compiler = new Kysely<OocdDatabase>({ dialect: (await ops.connector.connect(s.url, s.data, { max: 1 })).dialect });
  const st = buildStatements(compiler, s.table, ops);
  const raw = RAW_CLIENTS[s.url.dialect](s.url, s.data, clients);
  const plainGet = raw.plainGet(s.table);
  const far = new Date(Date.now() + 10 * HOUR_MS);
  for (const config of [oursConfig, rawConfig]) {
    await seedRows(config, '/g', GET_KEYS, far);
    await seedRows(config, '/l', 1000, far);
  }
  const k = ops.keys.keyParam;
  const pick = () => `/g/k${Math.floor(Math.random() * GET_KEYS)}`;
  const run = `${Date.now().toString(36)}`;
  let round = 0;
  const walk = () => ({ lo: k('/l/'), hi: k('/l0'), now: Date.now(), plen: ops.keys.prefixLength('/l/') });
  return {
    raw: {
      create: (c, i) => {
        const now = Date.now();
        const args = {
          key: k(`/c/${run}/r${round++}/${c}/${i}`),
          value: VALUE,
          metadata: JSON.stringify(METADATA),
          expiresAt: now + HOUR_MS,
          now,
        };
        return raw.run(st.create.sql, st.create.bind(args));
      },
      get: () => raw.run(st.get.sql, st.get.bind({ key: k(pick()), now: Date.now() })),
      'get-plain': () => plainGet(k(pick()), Date.now()),
      'list-1000': () => raw.run(st.listDirect.sql, st.listDirect.bind(walk())),
    },
    ours: {
      create: (c, i) => ours.create(`/c/${run}/o${round++}/${c}/${i}`, VALUE, { ttlMs: HOUR_MS, metadata: METADATA }),
      get: () => ours.get(pick()),
      'get-plain': () => ours.get(pick()),
      'list-1000': () => ours.list('/l'),
    },
    async close() {
      await ours.close();
      await raw.close();
      await compiler.destroy();
    },
  };
}
