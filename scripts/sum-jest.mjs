// Sums the "Tests: …" summary lines of every jest run in a log into one closing line:
// "Tests: N passed, N failed, N skipped" (what CI systems read), and exits 0.
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0, todo: 0 };
let runs = 0;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  const m = /Tests:\s+(.*\d+ total)/.exec(line);
  if (!m) continue;
  runs++;
  for (const part of m[1].split(',')) {
    const [n, kind] = part.trim().split(/\s+/);
    if (kind in totals) totals[kind] += Number(n);
  }
}
console.log(`\n${runs} jest runs`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
