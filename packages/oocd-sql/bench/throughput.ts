import { openOocd } from '@authstate/oocd-core';
import { Kysely } from 'kysely';
import { DIALECTS, readSqlSettings } from '../src/index.js';
import { buildStatements } from '../src/statements.js';
import type { OocdDatabase } from '../src/table.js';
import { seedRows } from '../test/support/seed.js';
import type { Target } from '../test/support/targets.js';
import { compare, opsPerSecond } from './measure.js';
import { RAW_CLIENTS } from './raw-clients.js';
import { benchConfig } from './targets.js';

/** One line of the throughput table. */
export interface ThroughputRow {
  dialect: string;
  op: string;
  clients: number;
  raw: number;
  ours: number;
}

const HOUR_MS = 3_600_000;
const GET_KEYS = 10_000;
const VALUE = 'v'.repeat(100);
const METADATA = { client: 'bench' };

/**
 * create, get and list-1000 per second through the public service (`openOocd`, class sql) and
 * through the raw driver running the same SQL text on its own table with the same settings.
 */
export async function throughput(target: Target, clients: number, ms: number, rounds: number): Promise<ThroughputRow[]> {
  const oursConfig = benchConfig(target, { poolSize: clients });
  const rawConfig = benchConfig(target);
  const ours = await openOocd(oursConfig);
  await (await openOocd(rawConfig)).close(); // creates the raw side's table with the same DDL
  const s = readSqlSettings(rawConfig);
  const ops = DIALECTS[s.url.dialect];
  const compiler = new Kysely<OocdDatabase>({ dialect: ops.connect(s.url, s.data, { max: 1 }) });
  const st = buildStatements(compiler, s.table, ops);
  const raw = RAW_CLIENTS[s.url.dialect](s.url, s.data, clients);
  const far = new Date(Date.now() + 10 * HOUR_MS);
  for (const config of [oursConfig, rawConfig]) {
    await seedRows(config, '/g', GET_KEYS, far);
    await seedRows(config, '/l', 1000, far);
  }
  const k = ops.keyParam;
  const pick = () => `/g/k${Math.floor(Math.random() * GET_KEYS)}`;
  const run = `${Date.now().toString(36)}`;
  let round = 0;
  const rows: ThroughputRow[] = [];
  const add = (op: string, r: { raw: number; ours: number }) => rows.push({ dialect: target.kind, op, clients, ...r });
  try {
    add(
      'create',
      await compare(
        rounds,
        () =>
          opsPerSecond(clients, ms, (c, i) => {
            const now = Date.now();
            const args = {
              key: k(`/c/${run}/r${round++}/${c}/${i}`),
              value: VALUE,
              metadata: JSON.stringify(METADATA),
              expiresAt: now + HOUR_MS,
              now,
            };
            return raw.run(st.create.sql, st.create.bind(args));
          }),
        () =>
          opsPerSecond(clients, ms, (c, i) =>
            ours.create(`/c/${run}/o${round++}/${c}/${i}`, VALUE, { ttlMs: HOUR_MS, metadata: METADATA }),
          ),
      ),
    );
    add(
      'get',
      await compare(
        rounds,
        () => opsPerSecond(clients, ms, () => raw.run(st.get.sql, st.get.bind({ key: k(pick()), now: Date.now() }))),
        () => opsPerSecond(clients, ms, () => ours.get(pick())),
      ),
    );
    const walk = () => ({ lo: k('/l/'), hi: k('/l0'), now: Date.now(), plen: ops.prefixLength('/l/') });
    add(
      'list-1000',
      await compare(
        rounds,
        () => opsPerSecond(clients, ms, () => raw.run(st.listDirect.sql, st.listDirect.bind(walk()))),
        () => opsPerSecond(clients, ms, () => ours.list('/l')),
      ),
    );
  } finally {
    await ours.close();
    await raw.close();
    await compiler.destroy();
  }
  return rows;
}
