// Run in a child process with some driver packages hidden (support/hide-drivers.mjs): imports the
// package, then tries each dialect; prints one JSON line with what happened.
const results: Record<string, unknown> = {};
const sql = await import('../../src/index.js');
results.imported = typeof sql.createOocdDriver === 'function';
results.ddl = sql.schemaDdl('postgres').startsWith('CREATE TABLE');
const urls: Record<string, string> = {
  sqlite: `sqlite:${process.env.AUTHSTATE_CHILD_SQLITE}`,
  mysql: 'mariadb://127.0.0.1:9/oocd',
  postgres: 'postgres://127.0.0.1:9/oocd',
};
for (const [dialect, url] of Object.entries(urls)) {
  try {
    const driver = await sql.createOocdDriver({ class: 'sql', url, connectTimeout: 1 });
    await driver.close();
    results[dialect] = { ok: true };
  } catch (e) {
    const err = e as { code?: string; message?: string; cause?: { code?: string } };
    results[dialect] = { code: err.code, message: err.message, causeCode: err.cause?.code };
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
