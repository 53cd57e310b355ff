// The dashboard with real traffic in Chromium: agent lanes, server-side filters, lossless resume, event JSON, Pause, timeline, phone width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { hookBody } from '../helpers/app.js';
import { cspViolations, hasChromium, launch, openPage, row, rowIds, start, stopAll } from './harness.js';
import { DENIED, fleet, judged, toolCall } from './traffic.js';

const SHOTS = 'test-results/screenshots';
let browser: Browser;

const lane = (page: Page, agent: string) => page.locator(`#lanes li.lane[data-agent="${agent}"]`);
const tally = (page: Page, agent: string, d: string) => lane(page, agent).locator(`.tally li[data-decision="${d}"] .n`).textContent();

interface Frame { type?: string; filters?: Record<string, unknown>; events?: { id: string; agent_id: string }[] }
/** Every frame a page's sockets sent and received, parsed. */
function frames(page: Page) {
  const sent: Frame[] = [];
  const received: Frame[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => sent.push(JSON.parse(String(payload)) as Frame));
    ws.on('framereceived', ({ payload }) => received.push(JSON.parse(String(payload)) as Frame));
  });
  return { sent, received };
}

describe.skipIf(!hasChromium)('dashboard with live traffic, in Chromium', () => {
  beforeAll(async () => {
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  it('shows one lane per agent with its counts while two agents post at once, and each tool call on the timeline', async () => {
    const { url, post } = await start({ HOOK_FLUSH_INTERVAL_MS: 300 });
    const { page, errors } = await openPage(browser, `${url}/dashboard`);
    await Promise.all([
      post([...toolCall('agent-a', 's-a', 'Bash', { command: 'ls' }), judged('agent-a', 's-a', DENIED), ...toolCall('agent-a', 's-a', 'Read', { file_path: '/x' }, { fail: true })]),
      post([...toolCall('agent-b', 's-b', 'Bash', { command: 'pwd' }), ...toolCall('agent-b', 's-b', 'Bash', { command: 'date' })]),
    ]);
    await expect.poll(() => page.locator('#lanes li.lane').count()).toBe(2);
    await expect.poll(() => tally(page, 'agent-a', 'deny')).toBe('1');
    expect(await tally(page, 'agent-a', 'allow')).toBe('4');
    expect(await tally(page, 'agent-b', 'allow')).toBe('4');
    expect(await tally(page, 'agent-b', 'deny')).toBe('0');
    expect(await page.locator('#c-deny').textContent()).toBe('1');

    // The timeline: a PreToolUse→PostToolUse bar, the denied call and the failed one marked in words, not colour alone.
    const calls = lane(page, 'agent-a').locator('ol.timeline li');
    await expect.poll(() => calls.evaluateAll((lis) => lis.map((li) => (li as unknown as { dataset: { status: string } }).dataset.status))).toEqual(['ok', 'denied', 'failed']);
    expect(await calls.nth(0).locator('.call').textContent()).toMatch(/^Bash ok · \d+ ms$/);
    expect(await calls.nth(1).locator('.call').textContent()).toContain('DENIED');
    expect(await calls.nth(2).locator('.call').textContent()).toContain('FAILED');
    expect(await calls.nth(0).locator('rect.bar.ok').count()).toBe(1);
    // The aggregator's window summary arrives over the same socket (aggregates: true).
    await lane(page, 'agent-b').locator('.summary').waitFor({ timeout: 5000 });
    expect(await lane(page, 'agent-b').locator('.summary').textContent()).toContain('Bash ×2');
    expect(await lane(page, 'agent-a').locator('svg.spark polyline').count()).toBe(1);
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a filter change re-subscribes on the server: the other agent\'s events never arrive', async () => {
    const { url, post } = await start();
    await post([hookBody({ agent_id: 'agent-a' }), hookBody({ agent_id: 'agent-b' })]);
    let f!: ReturnType<typeof frames>;
    const { page, errors } = await openPage(browser, `${url}/dashboard`, { before: (p) => { f = frames(p); } });
    await page.locator('#agent').fill('agent-b');
    await page.locator('#agent').press('Enter');
    await expect.poll(() => f.sent.filter((m) => m.type === 'subscribe').length).toBe(1);
    expect(f.sent.find((m) => m.type === 'subscribe')?.filters).toEqual({ agent_ids: ['agent-b'], aggregates: true });
    await expect.poll(() => f.received.filter((m) => m.type === 'subscribed').length).toBe(2);
    const mark = f.received.length;
    const [a1, b1, a2, b2] = await post([hookBody({ agent_id: 'agent-a' }), hookBody({ agent_id: 'agent-b' }), hookBody({ agent_id: 'agent-a' }), hookBody({ agent_id: 'agent-b' })]);
    await row(page, b2).waitFor({ timeout: 5000 });
    expect(await row(page, b1).count()).toBe(1);
    const arrived = f.received.slice(mark).flatMap((m) => (m.type === 'hook_events' ? m.events ?? [] : []));
    expect(arrived.map((e) => e.agent_id)).toEqual(['agent-b', 'agent-b']);
    expect(arrived.map((e) => e.id)).not.toContain(a1);
    expect(await row(page, a2).count()).toBe(0);
    await expect.poll(() => page.locator('#lanes li.lane').count()).toBe(1);
    expect(await lane(page, 'agent-b').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a dropped connection shows reconnecting… and resumes from the last id: every event exactly once', async () => {
    const { app, url, post } = await start();
    const before = await post([hookBody(), hookBody()]);
    const { page } = await openPage(browser, `${url}/dashboard`);
    for (const client of app.websocketServer.clients) client.terminate();
    await page.locator('#conn[data-state="reconnecting"]').waitFor({ timeout: 5000 });
    expect(await page.locator('#conn').textContent()).toContain('reconnecting…');
    const during = await post(Array.from({ length: 6 }, (_, i) => hookBody({ agent_id: `agent-${i % 2}` })));
    await page.locator('#conn[data-state="live"]').waitFor({ timeout: 5000 });
    const after = await post([hookBody(), hookBody()]);
    await row(page, after[1]).waitFor({ timeout: 5000 });
    const ids = await rowIds(page);
    expect(ids).toEqual([...before, ...during, ...after].reverse());
    expect(new Set(ids).size).toBe(ids.length);
    await page.close();
  });

  it('a row opens its full JSON from the keyboard, as text', async () => {
    const { url, post } = await start();
    const xss = '<img src=x onerror="window.__pwned=1">';
    const [id] = await post([hookBody({ hook_type: 'Notification', payload: { message: xss, nested: { deep: [1, 2] } } })]);
    const { page, errors } = await openPage(browser, `${url}/dashboard`);
    const open = row(page, id).locator('button.open');
    await open.focus();
    await page.keyboard.press('Enter');
    await page.locator('#event-dialog[open]').waitFor();
    const shown = JSON.parse((await page.locator('#event-json').textContent()) ?? '') as { id: string; payload: { message: string; nested: unknown } };
    expect(shown.id).toBe(id);
    expect(shown.payload).toEqual({ message: xss, nested: { deep: [1, 2] } });
    expect(await page.locator('#event-dialog img').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#event-dialog[open]').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Pause holds new rows (the lanes stay live) and Resume shows them in order', async () => {
    const { url, post } = await start();
    const [first] = await post([hookBody()]);
    const { page } = await openPage(browser, `${url}/dashboard`);
    await page.locator('#pause').click();
    expect(await page.locator('#pause').getAttribute('aria-pressed')).toBe('true');
    const held = await post([hookBody(), hookBody({ agent_id: 'agent-2' }), hookBody()]);
    await expect.poll(() => page.locator('#paused').textContent()).toContain('3 new held');
    expect(await rowIds(page)).toEqual([first]);
    await expect.poll(() => page.locator('#lanes li.lane').count()).toBe(2);
    await page.locator('#pause').click();
    await expect.poll(() => rowIds(page)).toEqual([...held].reverse().concat(first));
    expect(await page.locator('#paused').textContent()).toBe('');
    await page.close();
  });

  it('with realistic traffic: a 1280 px screenshot, and the agents view at 390 px without sideways scrolling', async () => {
    const { url, post } = await start({ HOOK_FLUSH_INTERVAL_MS: 300 });
    await post(fleet());
    const desk = await openPage(browser, `${url}/dashboard`);
    await expect.poll(() => desk.page.locator('#lanes li.lane').count()).toBe(4);
    await post(fleet());
    await desk.page.locator('#lanes .summary').first().waitFor({ timeout: 5000 });
    await desk.page.locator('#c-health[data-status="healthy"]').waitFor({ timeout: 6000 });
    await desk.page.screenshot({ path: `${SHOTS}/dashboard-desktop.png` });
    expect(desk.errors).toEqual([]);
    await desk.page.close();

    const phone = await openPage(browser, `${url}/dashboard`, { width: 390 });
    await expect.poll(() => phone.page.locator('#lanes li.lane').count()).toBe(4);
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await phone.page.locator('#approvals').isHidden()).toBe(true);
    await phone.page.close();
  });
});
