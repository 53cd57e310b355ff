// Remote approvals end to end in Chromium: a real service holds an agent's ask, an operator answers it in the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, openPage, start, stopAll } from './harness.js';
import { startRedis, uniquePrefix } from '../helpers/redis.js';

let browser: Browser;
let calls = 0;

/** A Claude Code PreToolUse whose command the validator asks about (a forced push), each with its own tool_use_id. */
function askBody(agent: string, command = 'git push --force origin main'): string {
  calls += 1;
  return JSON.stringify({
    session_id: `sess-${agent}`, transcript_path: '/home/dev/.claude/projects/p/s.jsonl', cwd: '/home/dev/shop',
    permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_use_id: `toolu_${calls}`,
    agent_id: agent, tool_input: { command },
  });
}

interface ClaudeAnswer {
  hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string };
}

/** What Claude Code does: POST and wait for the answer (held while the approval is open). */
async function agentAsks(url: string, body: string, token?: string): Promise<{ status: number; answer: ClaudeAnswer; ms: number }> {
  const t0 = performance.now();
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${url}/hooks/claude`, { method: 'POST', headers, body });
  return { status: res.status, answer: (await res.json()) as ClaudeAnswer, ms: performance.now() - t0 };
}

const pending = (page: Page) => page.locator('#approval-list li');
const itemFor = (page: Page, text: string) => pending(page).filter({ hasText: text });

describe.skipIf(!hasChromium)('remote approvals, in Chromium against a real service', () => {
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  it('approve in one page releases the agent with allow, deny with deny; the other page sees the same queue lose its buttons', async () => {
    const { url } = await start({ HOOK_APPROVAL_MODE: 'dashboard', HOOK_APPROVAL_TIMEOUT_MS: 20_000 });
    const a = await openPage(browser, `${url}/dashboard`);
    const b = await openPage(browser, `${url}/dashboard`, { width: 390 });
    await a.page.locator('#approvals').waitFor();
    await b.page.locator('#approvals').waitFor();

    // 1. Held, shown in both pages, approved in page A with a name and a reason.
    const first = agentAsks(url, askBody('claude@laptop'));
    for (const p of [a.page, b.page]) await expect.poll(() => pending(p).count()).toBe(1);
    const inA = itemFor(a.page, 'git push --force origin main');
    expect(await inA.textContent()).toContain('claude@laptop');
    expect(await inA.textContent()).toContain('/home/dev/shop');
    expect(await inA.locator('.why').textContent()).toContain('force');
    await a.page.locator('#operator').fill('ana');
    await a.page.locator('#operator').press('Tab');
    await inA.locator('.reason input').fill('release window');
    await inA.locator('button.approve').click();
    const approved = await first;
    expect(approved.status).toBe(200);
    expect(approved.answer.hookSpecificOutput?.permissionDecision).toBe('allow');
    expect(approved.answer.hookSpecificOutput?.permissionDecisionReason).toBe('Approved by ana in the hookhive dashboard: release window');
    // Page B: the item and its buttons are gone from the queue; it is listed as answered, by whom.
    await expect.poll(() => pending(b.page).count()).toBe(0);
    expect(await b.page.locator('#approval-list button').count()).toBe(0);
    await expect.poll(() => b.page.locator('#approval-closed li .outcome').first().textContent()).toBe('Approved by ana: release window');

    // 2. A second one, denied from the phone-width page with the keyboard.
    const second = agentAsks(url, askBody('codex@ci', 'git push --force origin release'));
    await expect.poll(() => pending(b.page).count()).toBe(1);
    await expect.poll(() => pending(a.page).count()).toBe(1);
    await itemFor(b.page, 'origin release').locator('button.deny').focus();
    await b.page.keyboard.press('Enter');
    const denied = await second;
    expect(denied.answer.hookSpecificOutput?.permissionDecision).toBe('deny');
    expect(denied.answer.hookSpecificOutput?.permissionDecisionReason).toContain('Denied by');
    await expect.poll(() => pending(a.page).count()).toBe(0);

    // The choices are stored as events too: both answers are in the history.
    const history = (await (await fetch(`${url}/hooks/events?hook_type=ApprovalResolved`)).json()) as { events: { decision: string }[] };
    expect(history.events.map((e) => e.decision)).toEqual(['allow', 'deny']);
    for (const o of [a, b]) expect(o.errors).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('with nobody answering, the agent gets ask after the wait and the page shows it expired', async () => {
    const { url } = await start({ HOOK_APPROVAL_MODE: 'dashboard', HOOK_APPROVAL_TIMEOUT_MS: 1500 });
    const { page, errors } = await openPage(browser, `${url}/dashboard`);
    await page.locator('#approvals').waitFor();
    const third = agentAsks(url, askBody('gemini@infra'));
    await expect.poll(() => pending(page).count()).toBe(1);
    expect(await pending(page).first().locator('.left').textContent()).toMatch(/^\d+ s left$/);
    const { answer, ms } = await third;
    expect(answer.hookSpecificOutput?.permissionDecision).toBe('ask');
    expect(ms).toBeGreaterThanOrEqual(1400);
    await expect.poll(() => pending(page).count()).toBe(0);
    await expect.poll(() => page.locator('#approval-closed li .outcome').first().textContent()).toMatch(/^Expired/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with tokens, a read token sees the queue but cannot answer; a full token can', async () => {
    const tokens = { HOOK_AUTH_TOKENS: 'full-approver-token', HOOK_READ_TOKENS: 'read-only-token', HOOK_INGEST_TOKENS: 'agent-ingest-token' };
    const { url } = await start({ HOOK_APPROVAL_MODE: 'dashboard', HOOK_APPROVAL_TIMEOUT_MS: 20_000, ...tokens });
    const reader = await openPage(browser, `${url}/dashboard#token=read-only-token`);
    const approver = await openPage(browser, `${url}/dashboard#token=full-approver-token`);
    await reader.page.locator('#approvals').waitFor();
    const held = agentAsks(url, askBody('claude@prod'), 'agent-ingest-token');
    await expect.poll(() => pending(reader.page).count()).toBe(1);
    await pending(reader.page).first().locator('button.approve').click();
    // Refused by the service (403): the reader's buttons are disabled and the request is still held.
    await expect.poll(() => pending(reader.page).first().locator('button.approve').isDisabled()).toBe(true);
    await expect.poll(() => pending(approver.page).count()).toBe(1);
    await pending(approver.page).first().locator('button.approve').click();
    const { answer } = await held;
    expect(answer.hookSpecificOutput?.permissionDecision).toBe('allow');
    await expect.poll(() => pending(reader.page).count()).toBe(0);
    // Chromium logs the refused POST itself; nothing else went wrong in either page.
    expect(reader.errors.filter((e) => !/status of 403/.test(e))).toEqual([]);
    expect(approver.errors).toEqual([]);
    await reader.page.close();
    await approver.page.close();
  });

  it('two instances on one Redis: the page on A answers the request held on B, and the page on B sees it close', async () => {
    const redis = await startRedis({ appendonly: false });
    try {
      const shared = { REDIS_URL: redis.url, HOOK_STREAM_PREFIX: uniquePrefix('apr-ui'), HOOK_APPROVAL_MODE: 'dashboard' as const, HOOK_APPROVAL_TIMEOUT_MS: 20_000 };
      const a = await start(shared);
      const b = await start(shared);
      const onA = await openPage(browser, `${a.url}/dashboard`);
      const onB = await openPage(browser, `${b.url}/dashboard`);
      await onA.page.locator('#approvals').waitFor();
      await onB.page.locator('#approvals').waitFor();
      const held = agentAsks(b.url, askBody('claude@build-box'));
      for (const p of [onA.page, onB.page]) await expect.poll(() => pending(p).count()).toBe(1);
      await pending(onA.page).first().locator('button.deny').click();
      const { answer } = await held;
      expect(answer.hookSpecificOutput?.permissionDecision).toBe('deny');
      await expect.poll(() => pending(onB.page).count()).toBe(0);
      await expect.poll(() => onB.page.locator('#approval-closed li .outcome').first().textContent()).toMatch(/^Denied by/);
      for (const o of [onA, onB]) expect(o.errors).toEqual([]);
      await onA.page.close();
      await onB.page.close();
      await stopAll();
    } finally {
      await redis.stop();
    }
  });
});
