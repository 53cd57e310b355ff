// The dashboard with tokens, in Chromium: the token comes from #token=, an old ?token= link or the form, and never rides in a URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hookBody } from '../helpers/app.js';
import { cspViolations, hasChromium, launch, openPage, row, rowIds, start, stop, stopAll, wsProtocols, type Opened } from './harness.js';

const FULL = 'full-tok-7f3a';
const READ = 'read-tok-91c2';
const INGEST = 'ingest-tok-44d0';
const TOKENS = { HOOK_AUTH_TOKENS: FULL, HOOK_READ_TOKENS: READ, HOOK_INGEST_TOKENS: INGEST };
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Chromium logs every refused fetch as a console error; those are the point of these pages. */
const refusedLoads = (errors: string[]) => errors.filter((e) => !/status of 40[13]/.test(e));
const storedToken = (page: Page) => page.evaluate<string | null>("sessionStorage.getItem('hookhive.token')");

/** No URL anyone saw (the browser's requests and sockets, the server's wire) carries the token in any form. */
function expectNoTokenInUrls(opened: Opened, wire: string[], token: string) {
  const urls = [...opened.requests, ...wire];
  expect(urls.length).toBeGreaterThan(3);
  for (const u of urls) {
    expect(u).not.toContain(token);
    expect(u).not.toContain(encodeURIComponent(token));
    expect(u).not.toContain(b64url(token));
  }
}

let browser: Browser;

describe.skipIf(!hasChromium)('dashboard with tokens, in Chromium', () => {
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  it('#token=<read token>: history and live events, the token only in headers, the address bar cleaned', async () => {
    const { url, post, wire } = await start(TOKENS);
    const [first] = await post([hookBody()], INGEST);
    const opened = await openPage(browser, `${url}/dashboard#token=${READ}`);
    const { page } = opened;
    await row(page, first).waitFor();
    const [live] = await post([hookBody({ hook_type: 'Stop', payload: {} })], FULL);
    await row(page, live).waitFor({ timeout: 5000 });

    expect(page.url()).toBe(`${url}/dashboard`);
    expect(await storedToken(page)).toBe(READ);
    expect(await wsProtocols(page)).toEqual(['hookhive']);
    expectNoTokenInUrls(opened, wire, READ);
    // Where it does go: the history fetch's Authorization header.
    const history = [...opened.headers].find(([u]) => new URL(u).pathname === '/hooks/events');
    expect(history?.[1].authorization).toBe(`Bearer ${READ}`);
    for (const h of opened.headers.values()) expect(h.referer ?? '').not.toContain(READ);

    // A reload in the same tab finds the token in sessionStorage; the URL still has none.
    await page.reload();
    await page.locator('#conn[data-state="live"]').waitFor();
    // The stream may be live before the history's rows are drawn (Chromium 156.0.8078.114 got there first).
    await row(page, first).waitFor();
    expect(await rowIds(page)).toEqual([live, first]);
    expect(page.url()).toBe(`${url}/dashboard`);
    expectNoTokenInUrls(opened, wire, READ);
    expect(await cspViolations(page)).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
  });

  it('an old ?token= link (through /) still works, and the token leaves the URL while the filters stay', async () => {
    const { url, post, wire } = await start(TOKENS);
    const [deny] = await post([hookBody({ payload: { command: 'rm -rf /' } }), hookBody()], FULL);
    const opened = await openPage(browser, `${url}/?token=${FULL}&risky=1`);
    const { page } = opened;
    await row(page, deny).waitFor();
    expect(await rowIds(page)).toEqual([deny]);
    expect(page.url()).toBe(`${url}/dashboard?risky=1`);
    expect(await page.locator('#risky').isChecked()).toBe(true);
    expect(await storedToken(page)).toBe(FULL);
    // The old link itself reached the server (that is why it is old); its redirect put the token in the
    // fragment, so nothing after it did.
    const links = (u: string) => /^\/(dashboard)?\?token=/.test(u.replace(/^https?:\/\/[^/]+/, ''));
    expect(wire.filter(links)).toEqual([`/?token=${FULL}&risky=1`]);
    expectNoTokenInUrls({ ...opened, requests: opened.requests.filter((u) => !links(u)) }, wire.filter((u) => !links(u)), FULL);

    // Changing a filter rewrites the URL without bringing the token back.
    await page.locator('#risky').uncheck();
    await expect.poll(() => page.locator('#rows tr').count()).toBe(2);
    expect(page.url()).toBe(`${url}/dashboard`);
    expect(await wsProtocols(page)).toContain('hookhive');
    expect(await cspViolations(page)).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
  });

  it('a refused token shows why and the form; the right one entered there loads the data', async () => {
    const { url, post, wire } = await start(TOKENS);
    const [first] = await post([hookBody()], FULL);

    // An ingest token may write but not read: 403, and the page says a read token is what it needs.
    const opened = await openPage(browser, `${url}/dashboard#token=${INGEST}`, { live: false });
    const { page } = opened;
    await page.locator('#conn[data-state="error"]').waitFor();
    await page.locator('#auth').waitFor({ state: 'visible' });
    expect(await page.locator('#notice').textContent()).toMatch(/may not read events.*read token is enough/);
    expect(await storedToken(page)).toBeNull();
    expect(page.url()).toBe(`${url}/dashboard`);

    // A wrong one: 401, the form again.
    await page.locator('#auth-token').fill('not-a-token');
    await page.locator('#auth button[type="submit"]').click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/token was refused.*read token is enough/);
    await page.locator('#auth').waitFor({ state: 'visible' });
    expect(await page.locator('#rows tr').count()).toBe(0);

    // The read token: data, live, and the form gone; the URL never changed.
    await page.locator('#auth-token').fill(READ);
    await page.locator('#auth-token').press('Enter');
    await page.locator('#conn[data-state="live"]').waitFor();
    await row(page, first).waitFor();
    expect(await page.locator('#auth').isHidden()).toBe(true);
    expect(await page.locator('#notice').textContent()).toBe('');
    const [live] = await post([hookBody({ hook_type: 'Stop', payload: {} })], FULL);
    await row(page, live).waitFor({ timeout: 5000 });
    expect(page.url()).toBe(`${url}/dashboard`);
    expect(await storedToken(page)).toBe(READ);
    expectNoTokenInUrls(opened, wire, READ);
    expectNoTokenInUrls(opened, wire, 'not-a-token');
    expectNoTokenInUrls(opened, wire, INGEST);
    expect(await cspViolations(page)).toEqual([]);
    expect(refusedLoads(opened.errors)).toEqual([]);
    await page.close();

    // No token at all: the same form, with the same hint.
    const bare = await openPage(browser, `${url}/dashboard`, { live: false });
    await bare.page.locator('#conn[data-state="error"]').waitFor();
    expect(await bare.page.locator('#notice').textContent()).toMatch(/needs a token.*read token is enough/);
    expect(await bare.page.locator('#auth').isVisible()).toBe(true);
    await bare.page.close();
  });

  it('a token revoked while the page is open: the refused stream asks for a new one instead of retrying forever', async () => {
    const first = await start(TOKENS);
    const { page, errors } = await openPage(browser, `${first.url}/dashboard#token=${READ}`);
    await stop(first.app);
    // Same port, the read token rotated: the page's reconnect is refused at the upgrade.
    const second = await start({ ...TOKENS, HOOK_READ_TOKENS: 'read-tok-new' }, first.port);
    await page.locator('#auth').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#notice').textContent()).toMatch(/token was refused/);
    await page.locator('#auth-token').fill('read-tok-new');
    await page.locator('#auth-token').press('Enter');
    // Back, and told that this server's history is another one (the embedded store did not survive the restart).
    await page.locator('#conn[data-state="gap"]').waitFor();
    expect(await page.locator('#conn').textContent()).toContain('history restarted');
    expect(await page.locator('#auth').isHidden()).toBe(true);
    const [live] = await second.post([hookBody()], FULL);
    await row(page, live).waitFor({ timeout: 5000 });
    expect(errors.filter((e) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|status of 401/.test(e))).toEqual([]);
    await page.close();
  });
});
