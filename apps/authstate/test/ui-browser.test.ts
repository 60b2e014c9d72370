import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataServiceClient } from '@authstate/client';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { APP_DIR, runCli, type ServeProcess, startServe, tempDir } from './helpers/cli.js';

// The web page in a real browser (Debian's Chromium, driven by playwright-core) against
// `authstate oocd serve` on a directory and on a SQLite file, with seeded data. Screenshots of
// every view go to apps/authstate/test-artifacts/ (not committed).

const CHROMIUM = process.env.AUTHSTATE_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '');
if (!CHROMIUM) {
  process.stderr.write(
    '\n\n########################################################################\n' +
      '#  SKIPPED: the web page browser tests (test/ui-browser.test.ts).       #\n' +
      '#  No Chromium: run `bash scripts/browser.sh` (apt install chromium)    #\n' +
      '#  or set AUTHSTATE_CHROMIUM=/path/to/chromium.                         #\n' +
      '########################################################################\n\n',
  );
}
const describeInBrowser = CHROMIUM ? describe : describe.skip;

const TOKEN = 'ui-browser-token-0123456789';
const ARTIFACTS = join(APP_DIR, 'test-artifacts');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const HOSTILE = '/replay/<img src=x onerror=alert(1)>';
// Wait bounds for the page: generous, as the machine may be busy; polls end as soon as they can.
const PAGE_WAIT = { timeout: 180_000 };

// The flags the machine notes give for Chromium here: no sandbox as root, and none of its
// background connections (the network is closed and refuses them).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const BACKENDS: [string, (dir: string) => string[]][] = [
  ['fs', (dir) => ['--dir', join(dir, 'oocd')]],
  ['sqlite', (dir) => ['--url', `sqlite:${join(dir, 'oocd.sqlite')}`]],
];

describeInBrowser('the /ui page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  }, 600_000);
  afterAll(async () => browser?.close());

  describe.each(BACKENDS)('on %s', (backend, backendArgs) => {
    let tmp: Awaited<ReturnType<typeof tempDir>>;
    let srv: ServeProcess;
    let context: BrowserContext;
    let page: Page;
    let client: DataServiceClient;
    const dialogs: string[] = [];
    const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `ui-${backend}-${name}.png`), fullPage: true });
    /** What `authstate oocd ls KEY --recursive` lists: the number the page must show. */
    /** The keys `authstate oocd ls KEY --recursive` lists: what the page's numbers must match. */
    const cliKeys = async (key: string) => {
      const r = await runCli(['oocd', 'ls', key, '--recursive', ...backendArgs(tmp.dir)], { timeoutMs: 240_000 });
      expect([key, r.code, r.stderr]).toEqual([key, 0, '']);
      return r.stdout.split('\n').filter(Boolean);
    };
    const cliCount = async (key: string) => (await cliKeys(key)).length;
    const row = (key: string) => page.locator(`li[data-key="${key.replace(/["\\]/g, '\\$&')}"]`).first();
    /** Waits until the element's text is exactly `text` (DOM code as a string: the tests are compiled without DOM types). */
    const waitForText = (id: string, text: string) =>
      waitUntil(`document.getElementById(${JSON.stringify(id)})?.textContent === ${JSON.stringify(text)}`);
    const inPage = <T>(expression: string) => page.evaluate<T>(expression);
    /**
     * Polls a DOM expression until it is true (playwright's waitForFunction evaluates strings with
     * `new Function`, which the page's Content-Security-Policy rightly forbids).
     */
    const waitUntil = async (expression: string) => {
      const end = Date.now() + PAGE_WAIT.timeout;
      while (!(await inPage<boolean>(expression))) {
        if (Date.now() > end) throw new Error(`The page never made this true: ${expression}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const expand = async (key: string) => {
      await row(key).locator(':scope > .row .toggle').click();
      await row(key).locator(':scope > ul').waitFor(PAGE_WAIT);
    };

    beforeAll(async () => {
      tmp = await tempDir('authstate-ui-browser-');
      await writeFile(join(tmp.dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
      srv = await startServe([...backendArgs(tmp.dir), '--token-file', join(tmp.dir, 'token')]);
      client = new DataServiceClient(srv.url, { token: TOKEN });
      // Expiries far enough away that none passes while the tests run, however busy the machine.
      const ttls = [10 * MIN, 20 * MIN, 45 * MIN, 2 * HOUR, 20 * HOUR, 3 * DAY, 40 * DAY];
      for (const [i, ttlMs] of ttls.entries()) {
        await client.set(`/saml/msgid/id-${i + 1}`, `seen ${i + 1}`, { ttlMs, metadata: { issuer: `idp${(i % 2) + 1}` } });
      }
      await client.set('/saml/artifact/a1', 'artifact', { ttlMs: 30 * MIN });
      await client.set('/oauth', 'a branch that is also an entry', { ttlMs: 60 * MIN });
      await client.set('/oauth/code/c1', `{"code":"${'x'.repeat(3000)}"}`, {
        ttlMs: 2 * 60 * MIN,
        metadata: { client: 'app-1', scope: 'openid' },
      });
      await client.set('/oauth/code/c2', 'hé', { ttlMs: 15 * MIN });
      await client.set(HOSTILE, '<script>alert(2)</script>', { ttlMs: 15 * MIN, metadata: { '<b>': '<i>x</i>' } });
      context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
      page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
    }, 300_000);
    afterAll(async () => {
      await context?.close();
      await srv?.stop();
      await tmp?.cleanup();
    });

    test('the sign-in form refuses a wrong token and keeps nothing', async () => {
      await page.goto(`${srv.url}/ui`);
      await page.locator('#login').waitFor(PAGE_WAIT);
      await shot('1-sign-in');
      await page.fill('#token', `${TOKEN}-wrong`);
      await page.click('#login-form button[type=submit]');
      await page.locator('#login-error:not(:empty)').waitFor(PAGE_WAIT);
      expect(await page.textContent('#login-error')).toMatch(/refused this token/);
      expect(await page.isHidden('#tabs')).toBe(true);
      expect(await inPage('sessionStorage.length + localStorage.length')).toBe(0);
      await shot('2-wrong-token');
    }, 300_000);

    test('with the token: the tree, kept only in the tab session storage, sent as the Authorization header', async () => {
      const sent: (string | undefined)[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/ui/api/')) sent.push(r.headers().authorization);
      });
      await page.fill('#token', TOKEN);
      await page.click('#login-form button[type=submit]');
      await row('/saml').waitFor(PAGE_WAIT);
      expect(await inPage("[sessionStorage.getItem('authstate.token'), localStorage.length, document.cookie]")).toEqual([TOKEN, 0, '']);
      expect(sent.length).toBeGreaterThan(0);
      expect(new Set(sent)).toEqual(new Set([`Bearer ${TOKEN}`]));
      expect(await page.textContent('#tree')).not.toContain(TOKEN);
    }, 300_000);

    test("expanding the tree shows the same counts as the CLI's `ls --recursive`; hostile keys stay text", async () => {
      for (const key of ['/saml', '/saml/msgid', '/oauth', '/oauth/code', '/replay']) await expand(key);
      const shown = await inPage<[string, number][]>(
        "[...document.querySelectorAll('#tree li[data-key] > .row > .count[data-count]')].map((s) => [s.closest('li').dataset.key, Number(s.dataset.count)])",
      );
      const keys = shown.map(([k]) => k);
      expect(keys).toEqual(
        expect.arrayContaining([
          '/oauth',
          '/oauth/code',
          '/oauth/code/c1',
          '/saml',
          '/saml/artifact',
          '/saml/msgid',
          '/saml/msgid/id-7',
          '/replay',
          HOSTILE,
        ]),
      );
      // Every count against one listing of everything; each branch also against its own `ls`.
      const all = await cliKeys('/');
      expect(shown).toEqual(shown.map(([key]) => [key, all.filter((k) => k.startsWith(`${key}/`)).length]));
      for (const [key, count] of shown) if (count > 0) expect([key, count]).toEqual([key, await cliCount(key)]);
      expect(Object.fromEntries(shown)).toMatchObject({ '/saml': 8, '/saml/msgid': 7, '/oauth': 2, '/oauth/code/c1': 0 });

      await row(HOSTILE).locator(':scope > .row .name').click();
      await page.locator('#entry:not([hidden])').waitFor(PAGE_WAIT);
      await waitForText('entry-key', HOSTILE);
      expect(await page.textContent('#entry-value')).toBe('<script>alert(2)</script>');
      expect(await page.textContent('#entry-meta')).toContain('<i>x</i>');
      expect(await page.locator('#entry-value script, #tree img, #entry-meta b').count()).toBe(0);
      expect(dialogs).toEqual([]);

      await row('/oauth/code/c1').locator(':scope > .row .name').click();
      await waitForText('entry-key', '/oauth/code/c1');
      expect(await page.textContent('#entry-size')).toBe('3,011 bytes (2.9 KiB)');
      expect(await page.textContent('#entry-truncated')).toBe('Showing the first 1,024 of 3,011 bytes.');
      expect(await page.textContent('#entry-expiry')).toMatch(/^in 1 h 5\d min \(20\d\d-/);
      expect(await page.textContent('#entry-meta')).toContain('openid');
      await shot('3-tree-and-entry');
    }, 300_000);

    test("the expiry histogram's buckets add up to the branch's live count", async () => {
      // Seeded now, each well inside its bucket: the nearest bound is minutes away.
      const ttls = [4.5 * MIN, 4.5 * MIN, 4.5 * MIN, 10 * MIN, 35 * MIN, 3 * HOUR, 12 * HOUR, 3 * DAY, 15 * DAY, 60 * DAY];
      for (const [i, ttlMs] of ttls.entries()) await client.set(`/hist/${i % 3 === 0 ? 'deep/' : ''}e${i}`, 'v', { ttlMs });
      await page.click('#refresh');
      await row('/hist').locator(':scope > .row .name').click();
      await page.click('#tabs button[data-view="expiry"]');
      await waitForText('expiry-branch', '/hist');
      await page.locator('#histogram li').first().waitFor(PAGE_WAIT);
      const buckets = await inPage<number[]>("[...document.querySelectorAll('#histogram li')].map((li) => Number(li.dataset.count))");
      const live = Number(await page.getAttribute('#expiry-live', 'data-count'));
      expect(buckets.reduce((a, b) => a + b, 0)).toBe(live);
      expect(live).toBe(await cliCount('/hist'));
      expect(buckets).toEqual([0, 3, 1, 1, 1, 1, 1, 1, 1]);
      await shot('4-expiry');
    }, 300_000);

    test('a taken entry disappears after Refresh, and the counts follow', async () => {
      await page.click('#tabs button[data-view="tree"]');
      await row('/saml/msgid/id-3').waitFor(PAGE_WAIT);
      const taken = await runCli(['oocd', 'take', '/saml/msgid/id-3', ...backendArgs(tmp.dir)]);
      expect([taken.code, taken.stdout]).toEqual([0, 'seen 3\n']);
      expect(await row('/saml/msgid/id-3').count()).toBe(1); // still shown until the page reads again
      await page.click('#refresh');
      await row('/saml/msgid/id-3').waitFor({ state: 'detached', ...PAGE_WAIT });
      await page.locator('#status', { hasText: /^Read at/ }).waitFor(PAGE_WAIT);
      const count = Number(await row('/saml/msgid').locator(':scope > .row > .count').getAttribute('data-count'));
      expect(count).toBe(6);
      expect(count).toBe(await cliCount('/saml/msgid'));
    }, 300_000);

    test('the health view shows the numbers of /metrics, the reaper included', async () => {
      expect(await client.reap()).toBe(0);
      await page.click('#tabs button[data-view="health"]');
      await page.locator('#ops tr[data-op="list"]').waitFor(PAGE_WAIT);
      // The page's numbers come from a reading taken between two readings of /metrics.
      const metrics = async () => {
        const text = await (await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
        const value = (re: RegExp) => Number(re.exec(text)?.[1]);
        return {
          list: value(/^authstate_oocd_operations_total\{op="list"\} (\d+)$/m),
          runs: value(/^authstate_oocd_reaper_runs_total (\d+)$/m),
        };
      };
      const before = await metrics();
      const since = new Date().toISOString();
      await page.click('#refresh');
      await waitUntil(`document.getElementById('health-at').dataset.at > ${JSON.stringify(since)}`);
      const after = await metrics();
      const cells = await page.locator('#ops tr[data-op="list"] td').allTextContents();
      const list = Number((cells[1] as string).replace(/,/g, ''));
      const runs = Number(await page.getAttribute('#reaper', 'data-runs'));
      expect([before.list <= list, list <= after.list, before.runs <= runs, runs <= after.runs, runs >= 1]).toEqual([
        true,
        true,
        true,
        true,
        true,
      ]);
      expect(await page.textContent('#reaper')).toMatch(/Last run\d+ (s|min) ago/);
      expect(await page.textContent('#nodes')).toMatch(/No fail-over pool/);
      await shot('5-health');
    }, 300_000);

    test('readable on a phone: no sideways scrolling', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.click('#tabs button[data-view="tree"]');
      await row('/saml').waitFor(PAGE_WAIT);
      for (const view of ['tree', 'expiry', 'health']) {
        await page.click(`#tabs button[data-view="${view}"]`);
        await page.locator(`#view-${view}`).waitFor(PAGE_WAIT);
        expect([view, await inPage('document.documentElement.scrollWidth <= window.innerWidth')]).toEqual([view, true]);
        await shot(`6-phone-${view}`);
      }
    }, 300_000);
  });
});
