import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openRowMeter, type RowMeter } from './support/row-meter.js';
import { insertKeys, seedRows } from './support/seed.js';
import { openTarget, type Target, targetKinds } from './support/targets.js';

// children() is a skip-scan: one index seek per child, jumping over each sub-branch's subtree.
// Proven with each engine's own counters (see support/row-meter.ts): the rows/index entries its
// statements touch grow with the number of children, not with the rows below them. The same
// counter must see the whole subtree when the branch is listed recursively, so it cannot pass by
// counting nothing.

const SUBTREE = 3000; // rows below each sub-branch
const FAR = () => new Date(Date.now() + 3_600_000);

describe.each(targetKinds())('children() cost on %s', (kind) => {
  let target: Target;
  let meter: RowMeter;
  beforeAll(async () => {
    target = await openTarget(kind);
    meter = await openRowMeter(target);
    // /b has 4 children: c0 (an entry and a sub-branch), c1 and c2 (sub-branches without an entry
    // of their own, one of them two levels deep), e (a plain entry); neighbours on both sides.
    await seedRows(meter.rowsConfig, '/b/c0', SUBTREE, FAR());
    await seedRows(meter.rowsConfig, '/b/c1/x', SUBTREE, FAR());
    await seedRows(meter.rowsConfig, '/b/c2', SUBTREE, FAR());
    await insertKeys(meter.rowsConfig, ['/b/c0', '/b/e', '/a/z', '/b0', '/ba', '/c'], FAR());
  }, 600_000);
  afterAll(async () => {
    await meter?.close();
    await target?.drop();
  });

  const now = () => new Date();

  test('children() is right and touches a few index entries per child, not the subtree', async () => {
    let names: string[] = [];
    const touched = await meter.touched(async () => {
      names = await meter.driver.children('/b', now());
    });
    expect([...names].sort()).toEqual(['c0', 'c1', 'c2', 'e']);
    // 4 children: 5–6 seeks of one or two entries each. A read of the branch's range would touch
    // 3 × 3000 + 2 rows.
    expect(touched).toBeGreaterThanOrEqual(names.length);
    expect(touched).toBeLessThanOrEqual(8 * (names.length + 2));
  });

  test('the counter sees a whole subtree when one is read (recursive list)', async () => {
    let n = 0;
    const touched = await meter.touched(async () => {
      n = (await meter.driver.list('/b', true, now())).length;
    });
    expect(n).toBe(3 * SUBTREE + 2);
    expect(touched).toBeGreaterThanOrEqual(n);
  });

  const sqliteOnly = kind === 'sqlite' ? test : test.skip;
  sqliteOnly('SQLite plans: every access to the table is an index search on the key range, never a scan', async () => {
    const details = await meter.plans(() => meter.driver.children('/b', now()));
    const table = String(meter.rowsConfig.table);
    const onTable = details.filter((d) => d.includes(table));
    expect(onTable.length).toBeGreaterThan(0);
    for (const d of onTable)
      expect(d).toMatch(/^SEARCH \S+ USING (COVERING )?INDEX sqlite_autoindex_\S+ \(entry_key>\? AND entry_key<\?\)$/);
  });
});
