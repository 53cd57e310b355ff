// Remote approvals on one instance (embedded store): held asks answered from the dashboard API, expiry, shutdown, auth.
import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { claudeBody, makeApp } from '../helpers/app.js';
import { agentBody } from '../helpers/agents.js';
import type { Config } from '../../src/config.js';
import { ASK_COMMAND, answer, pendingApprovals, postHeld } from './helpers.js';

const apps: FastifyInstance[] = [];
async function start(config: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await makeApp({ HOOK_APPROVAL_MODE: 'dashboard', ...config });
  apps.push(app);
  return app;
}
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

describe('remote approvals: Claude Code PreToolUse', () => {
  it('an Approve releases the held request with an explicit allow that names who approved it', async () => {
    const app = await start();
    const held = postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND));
    const [pending] = await pendingApprovals(app);
    expect(pending).toMatchObject({ dialect: 'claude', hook_type: 'PreToolUse', summary: ASK_COMMAND, status: 'pending' });
    const res = await answer(app, pending.approval_id, { decision: 'allow', by: 'alice', reason: 'planned restart' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'allowed', answered_by: 'alice', answer_reason: 'planned restart' });
    const out = (await held).json();
    expect(out).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'allow',
        permissionDecisionReason: 'Approved by alice in the hookhive dashboard: planned restart',
      },
    });
    expect((await app.inject({ url: '/hooks/approvals' })).json().approvals).toEqual([]);
    // The opening and the closing are events in the history, correlated to the held one.
    const events = (await app.inject({ url: '/hooks/events?limit=100' })).json().events as Record<string, unknown>[];
    const heldEvent = events.find((e) => e.hook_type === 'PreToolUse');
    const requested = events.find((e) => e.hook_type === 'ApprovalRequested');
    const resolved = events.find((e) => e.hook_type === 'ApprovalResolved');
    expect(requested).toMatchObject({ priority: 1, decision: 'ask', correlation_id: heldEvent?.event_id, payload: { approval_id: pending.approval_id, status: 'pending' } });
    expect(resolved).toMatchObject({ priority: 1, decision: 'allow', correlation_id: heldEvent?.event_id, payload: { status: 'allowed', answered_by: 'alice' } });
    // A second answer: 409 with how it ended and by whom.
    const again = await answer(app, pending.approval_id, { decision: 'deny' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'HOOKS_ERR_APPROVAL_CLOSED' });
    expect(again.json().message).toContain('allowed by alice');
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/hooks_approvals_total\{outcome="allowed"\} 1/);
    expect(metrics).toMatch(/hooks_approvals_pending 0/);
  });

  it('a Deny releases it with a deny that says who denied it', async () => {
    const app = await start();
    const held = postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND));
    const [pending] = await pendingApprovals(app);
    expect((await answer(app, pending.approval_id, { decision: 'deny', by: 'bob' })).json()).toMatchObject({ status: 'denied' });
    const out = (await held).json().hookSpecificOutput;
    expect(out).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'deny' });
    expect(out.permissionDecisionReason).toContain('Denied by bob in the hookhive dashboard');
  });

  it('no answer within HOOK_APPROVAL_TIMEOUT_MS: ask with the original reason, recorded as expired', async () => {
    const app = await start({ HOOK_APPROVAL_TIMEOUT_MS: 1500 });
    const t0 = Date.now();
    const res = await postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND));
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(1400);
    expect(waited).toBeLessThan(4000);
    expect(res.statusCode).toBe(200);
    expect(res.json().hookSpecificOutput).toMatchObject({ permissionDecision: 'ask' });
    const events = (await app.inject({ url: '/hooks/events?hook_type=ApprovalResolved' })).json().events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ decision: 'ask', payload: { status: 'expired' } });
    const late = await answer(app, events[0].payload.approval_id, { decision: 'allow' });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('expired');
  });

  it('a safe command and a denied one are not held', async () => {
    const app = await start();
    expect((await postHeld(app, '/hooks/claude', claudeBody('npm test'))).json()).toEqual({});
    const denied = (await postHeld(app, '/hooks/claude', claudeBody(['rm', '-rf', '/'].join(' ')))).json();
    expect(denied.hookSpecificOutput.permissionDecision).toBe('deny');
    expect((await app.inject({ url: '/hooks/events?hook_type=ApprovalRequested' })).json().events).toEqual([]);
  });

  it('beyond HOOK_APPROVAL_MAX_PENDING held requests, an ask is answered at once, not held, and counted', async () => {
    const app = await start({ HOOK_APPROVAL_MAX_PENDING: 2 });
    const held = [1, 2].map((n) => postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND, { tool_use_id: `toolu_full_${n}` })));
    await pendingApprovals(app, 2);
    const t0 = performance.now();
    const third = (await postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND, { tool_use_id: 'toolu_full_3' }))).json();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(third.hookSpecificOutput.permissionDecision).toBe('ask');
    expect((await app.inject({ url: '/hooks/approvals' })).json().approvals).toHaveLength(2);
    expect((await app.inject({ url: '/metrics' })).body).toContain('hooks_approvals_not_held_total{cause="queue_full"} 1');
    // Once one is answered there is room again.
    const [first] = await pendingApprovals(app, 2);
    expect((await answer(app, first.approval_id, { decision: 'deny' })).statusCode).toBe(200);
    void postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND, { tool_use_id: 'toolu_full_4' }));
    const after = await pendingApprovals(app, 2);
    expect(after.map((a) => a.approval_id)).not.toContain(first.approval_id);
    await app.close();
    await Promise.all(held);
  });
});

describe('remote approvals: an agent that stops waiting', () => {
  it('closes its approval as cancelled, so nobody approves what no agent waits for; a late answer is a 409', async () => {
    const app = await start({ HOOK_APPROVAL_TIMEOUT_MS: 20_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    // A real connection, dropped while held: what an agent's own hook timeout does.
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/hooks/claude', headers: { 'content-type': 'application/json' } });
    req.on('error', () => {}); // the reset we cause ourselves
    req.end(JSON.stringify(claudeBody(ASK_COMMAND)));
    const [pending] = await pendingApprovals(app);
    const t0 = performance.now();
    req.destroy();
    await expect.poll(async () => (await app.inject({ url: '/hooks/approvals' })).json().approvals, { timeout: 3000 }).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(3000);
    const resolved = (await app.inject({ url: '/hooks/events?hook_type=ApprovalResolved' })).json().events as { payload: Record<string, unknown> }[];
    expect(resolved.map((e) => [e.payload.approval_id, e.payload.status, e.payload.answer_reason])).toEqual([[pending.approval_id, 'cancelled', 'the agent stopped waiting']]);
    const late = await answer(app, pending.approval_id, { decision: 'allow', by: 'alice' });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('cancelled');
    expect((await app.inject({ url: '/metrics' })).body).toContain('hooks_approvals_total{outcome="cancelled"} 1');
  });

  it('an agent already gone when its event was stored is not held at all', async () => {
    const app = await start();
    await app.inject({ method: 'POST', url: '/hooks/claude', payload: claudeBody('npm test') });
    const [event] = (await app.inject({ url: '/hooks/events?last=1' })).json().events;
    const held = await app.approvals.hold({ event, dialect: 'claude', hookType: 'PreToolUse', signal: AbortSignal.abort() });
    expect(held).toBeNull();
    expect((await app.inject({ url: '/hooks/approvals' })).json().approvals).toEqual([]);
  });
});

describe('remote approvals: the permission dialog and other agents', () => {
  const dialog = (command: string) => claudeBody(command, { hook_event_name: 'PermissionRequest' });

  it('PermissionRequest: allow and deny answer the dialog; no answer leaves it to the user ({})', async () => {
    const app = await start({ HOOK_APPROVAL_TIMEOUT_MS: 1000 });
    const allowed = postHeld(app, '/hooks/claude', dialog('npm test'));
    const [a] = await pendingApprovals(app);
    expect(a.hook_type).toBe('PermissionRequest');
    await answer(app, a.approval_id, { decision: 'allow' });
    expect((await allowed).json()).toEqual({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } });
    const denied = postHeld(app, '/hooks/claude', dialog(ASK_COMMAND));
    const [d] = await pendingApprovals(app);
    await answer(app, d.approval_id, { decision: 'deny', reason: 'not today' });
    expect((await denied).json().hookSpecificOutput.decision).toEqual({ behavior: 'deny', message: 'hookhive: Denied by an operator in the hookhive dashboard: not today' });
    expect((await postHeld(app, '/hooks/claude', dialog('npm test'))).json()).toEqual({});
  });

  it('Cursor and Gemini CLI get their explicit allow; Copilot CLI its permissionDecision allow', async () => {
    const app = await start();
    const cases: [string, Record<string, unknown>, (out: Record<string, unknown>) => void][] = [
      ['/hooks/cursor', agentBody('cursor', 'beforeShellExecution', ASK_COMMAND), (out) => expect(out).toMatchObject({ permission: 'allow', agent_message: 'Approved by carol in the hookhive dashboard' })],
      ['/hooks/gemini', agentBody('gemini', 'BeforeTool', ASK_COMMAND), (out) => expect(out).toEqual({ decision: 'allow', reason: 'Approved by carol in the hookhive dashboard' })],
      ['/hooks/copilot?event=preToolUse', agentBody('copilot', 'preToolUse', ASK_COMMAND), (out) => expect(out).toEqual({ permissionDecision: 'allow', permissionDecisionReason: 'Approved by carol in the hookhive dashboard' })],
    ];
    for (const [url, body, check] of cases) {
      const held = postHeld(app, url, body);
      const [pending] = await pendingApprovals(app);
      expect(pending.summary, url).toBe(ASK_COMMAND);
      expect((await answer(app, pending.approval_id, { decision: 'allow', by: 'carol' })).statusCode).toBe(200);
      check((await held).json());
    }
  });
});

describe('remote approvals: shutdown, auth, mode off', () => {
  it('app.close() while a request is held answers it ask at once and records it cancelled', async () => {
    const app = await start({ HOOK_APPROVAL_TIMEOUT_MS: 30_000 });
    const held = postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND));
    await pendingApprovals(app);
    const t0 = Date.now();
    const closing = app.close();
    const res = await held;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(res.json().hookSpecificOutput).toMatchObject({ permissionDecision: 'ask' });
    await closing;
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a read token lists but cannot answer; no token is 401; a foreign Origin is refused', async () => {
    const app = await start({ HOOK_AUTH_TOKENS: 'full-tok', HOOK_READ_TOKENS: 'read-tok', HOOK_INGEST_TOKENS: 'ingest-tok' });
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const held = postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND), bearer('ingest-tok'));
    const [pending] = await pendingApprovals(app, 1, bearer('read-tok'));
    expect((await app.inject({ url: '/hooks/approvals' })).statusCode).toBe(401);
    expect((await answer(app, pending.approval_id, { decision: 'allow' })).statusCode).toBe(401);
    expect((await answer(app, pending.approval_id, { decision: 'allow' }, bearer('read-tok'))).statusCode).toBe(403);
    expect((await answer(app, pending.approval_id, { decision: 'allow' }, bearer('ingest-tok'))).statusCode).toBe(403);
    const foreign = await answer(app, pending.approval_id, { decision: 'allow' }, { ...bearer('full-tok'), origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('HOOKS_ERR_FORBIDDEN_ORIGIN');
    expect((await answer(app, 'apr_nope', { decision: 'allow' }, bearer('full-tok'))).statusCode).toBe(404);
    const maybe = await answer(app, pending.approval_id, { decision: 'maybe' }, bearer('full-tok'));
    expect(maybe.statusCode).toBe(400);
    expect(maybe.json()).toMatchObject({ code: 'HOOKS_ERR_VALIDATION', message: 'body/decision: must be one of "allow", "deny"' });
    expect((await answer(app, pending.approval_id, { decision: 'allow', by: 'x'.repeat(65) }, bearer('full-tok'))).statusCode).toBe(400);
    expect((await answer(app, pending.approval_id, { decision: 'allow', by: 'dana' }, bearer('full-tok'))).statusCode).toBe(200);
    expect((await held).json().hookSpecificOutput.permissionDecision).toBe('allow');
  });

  it('mode off: nothing is held, the list says off, an answer is 404', async () => {
    const app = await makeApp();
    apps.push(app);
    const t0 = Date.now();
    expect((await postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND))).json().hookSpecificOutput.permissionDecision).toBe('ask');
    expect((await postHeld(app, '/hooks/claude', claudeBody('npm test', { hook_event_name: 'PermissionRequest' }))).json()).toEqual({});
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await app.inject({ url: '/hooks/approvals' })).json()).toEqual({ mode: 'off', timeout_ms: 30000, approvals: [] });
    expect((await answer(app, 'apr_x', { decision: 'allow' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/hooks/events?hook_type=ApprovalRequested' })).json().events).toEqual([]);
  });
});
