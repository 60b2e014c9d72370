// CommonJS consumer: require() of the ESM packages (Node >= 20.19 loads ESM through require).
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createOocdService, isAuthstateError } = require('@authstate/oocd-core');
const { FsOocdDriver } = require('@authstate/oocd-fs');

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'consumer-cjs-'));
  const oocd = createOocdService(await FsOocdDriver.open({ dir }), { reaperIntervalSec: 0 });
  await oocd.set('/oauth/code/x', 'alice', { ttlMs: 60_000 });
  const taken = await oocd.take('/oauth/code/x');
  let refused = '';
  try {
    await oocd.get('/a/../b');
  } catch (e) {
    if (isAuthstateError(e, 'INVALID_KEY')) refused = e.code;
  }
  const gone = (await oocd.get('/oauth/code/x')) === undefined;
  await oocd.close();
  console.log(JSON.stringify({ value: taken?.value, gone, refused }));
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
