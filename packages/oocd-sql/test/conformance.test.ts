import { runOocdConformance } from '@authstate/oocd-conformance';
import { createOocdService, type OocdConfig, type OutOfContextDataService } from '@authstate/oocd-core';
import { afterAll, beforeAll, describe } from '@jest/globals';
import { SqlOocdDriver } from '../src/index.js';
import { openTarget, randomTable, type Target, targetKinds } from './support/targets.js';

// The whole OOCD conformance suite, once per dialect: a fresh table per test, a second driver on
// the same table as the sibling, and 8 OS processes racing through `openOocd({ class: 'sql' })`.
describe.each(targetKinds())('oocd-sql on %s', (kind) => {
  let target: Target;
  let last: OocdConfig | undefined;
  const open = async (config: OocdConfig): Promise<OutOfContextDataService> =>
    createOocdService(await SqlOocdDriver.open(config), { reaperIntervalSec: 0 });

  beforeAll(async () => {
    target = await openTarget(kind);
  }, 600_000);
  afterAll(async () => {
    await target?.drop();
  });

  runOocdConformance(`sql:${kind}`, {
    open: () => {
      last = target.config(randomTable());
      return open(last);
    },
    openSibling: () => open(last as OocdConfig),
    processConfig: () => last as OocdConfig,
    processes: 8,
  });
});
