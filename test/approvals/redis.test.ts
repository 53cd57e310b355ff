// Remote approvals across instances sharing one real Redis: one queue, the first answer wins wherever the request is held.
import { afterEach, describe, expect, it } from 'vitest';
import { StreamHarness, type Frame } from '../helpers/ws.js';
import { claudeBody } from '../helpers/app.js';
import { canKillRedis, fileRedis, killSkipNote, startRedis, uniquePrefix } from '../helpers/redis.js';
import type { Config } from '../../src/config.js';
import { ASK_COMMAND, answer, pendingApprovals, postHeld } from './helpers.js';

const redis = fileRedis();
const harness = new StreamHarness();
afterEach(() => harness.cleanup());

const shared = (prefix: string, extra: Partial<Config> = {}): Partial<Config> => ({
  REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix, HOOK_APPROVAL_MODE: 'dashboard', ...extra,
});

const statuses = (frames: Frame[]) => frames.flatMap((f) => (f.approvals as { status: string }[]).map((r) => r.status));

describe('remote approvals on two instances sharing one Redis', () => {
  it('both list the request held on B; an answer POSTed to A releases it, and both streams see it open and close', async () => {
    const prefix = uniquePrefix('apr');
    const a = await harness.start(shared(prefix));
    const b = await harness.start(shared(prefix));
    const watchA = await a.open('approvals=true&agent_ids=nobody');
    const watchB = await b.open();
    watchB.send({ type: 'subscribe', filters: { approvals: true } });
    expect((await watchA.nth('subscribed')).filters).toEqual({ agent_ids: ['nobody'], approvals: true });
    await watchB.until((p) => p.ofType('subscribed').some((f) => (f.filters as { approvals?: boolean }).approvals === true), 'approvals subscription');

    const held = postHeld(b.app, '/hooks/claude', claudeBody(ASK_COMMAND));
    const [onA] = await pendingApprovals(a.app);
    const [onB] = await pendingApprovals(b.app);
    expect(onA).toEqual(onB);
    await watchA.until((p) => statuses(p.ofType('approvals')).includes('pending'), 'the opening on A (the event filters do not apply)');

    const res = await answer(a.app, onA.approval_id, { decision: 'allow', by: 'erin' });
    expect(res.statusCode).toBe(200);
    expect((await held).json().hookSpecificOutput).toMatchObject({ permissionDecision: 'allow', permissionDecisionReason: 'Approved by erin in the hookhive dashboard' });
    for (const w of [watchA, watchB]) await w.until((p) => statuses(p.ofType('approvals')).includes('allowed'), 'the closing');
    expect((await answer(b.app, onA.approval_id, { decision: 'deny' })).statusCode).toBe(409);
    expect((await pendingApprovals(a.app, 0)).length).toBe(0);
    // One ApprovalResolved, stored by the instance whose answer won.
    const resolved = (await a.app.inject({ url: '/hooks/events?hook_type=ApprovalResolved' })).json().events;
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ decision: 'allow', payload: { answered_by: 'erin' } });
  });

  it(`Redis killed while a request is held: the agent still gets a 200 ask by the timeout; an answer is a 503${killSkipNote}`, async () => {
    if (!canKillRedis) return;
    const own = await startRedis({ appendonly: false });
    try {
      const { app } = await harness.start({ REDIS_URL: own.url, HOOK_STREAM_PREFIX: uniquePrefix('apr-kill'), HOOK_APPROVAL_MODE: 'dashboard', HOOK_APPROVAL_TIMEOUT_MS: 1500 });
      const t0 = Date.now();
      const held = postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND));
      const [pending] = await pendingApprovals(app);
      await own.kill();
      const refused = await answer(app, pending.approval_id, { decision: 'allow' });
      expect(refused.statusCode).toBe(503);
      expect(refused.json().code).toBe('HOOKS_ERR_STORE_UNAVAILABLE');
      expect(refused.headers['retry-after']).toBeDefined();
      expect((await app.inject({ url: '/hooks/approvals' })).statusCode).toBe(503);
      const res = await held;
      expect(res.statusCode).toBe(200);
      expect(res.json().hookSpecificOutput).toMatchObject({ permissionDecision: 'ask' });
      expect(Date.now() - t0).toBeLessThan(4000);
    } finally {
      await harness.cleanup();
      await own.stop();
    }
  });

  it(`Redis hung (SIGSTOP) while a request is held: the agent gets its ask at the timeout, not a command timeout later${killSkipNote}`, async () => {
    if (!canKillRedis) return;
    const own = await startRedis({ appendonly: false });
    try {
      const timeoutMs = 2000;
      const { app } = await harness.start({ REDIS_URL: own.url, HOOK_STREAM_PREFIX: uniquePrefix('apr-hang'), HOOK_APPROVAL_MODE: 'dashboard', HOOK_APPROVAL_TIMEOUT_MS: timeoutMs });
      const held = postHeld(app, '/hooks/claude', claudeBody(ASK_COMMAND));
      const [pending] = await pendingApprovals(app);
      own.pause();
      const res = await held;
      const waited = Date.now() - Date.parse(pending.created_at);
      expect(res.statusCode).toBe(200);
      expect(res.json().hookSpecificOutput).toMatchObject({ permissionDecision: 'ask' });
      // The claim of `expired` hangs for the connection's command timeout (1 s); the agent is not kept for it.
      expect(waited).toBeGreaterThanOrEqual(timeoutMs - 50);
      expect(waited).toBeLessThan(timeoutMs + 700);
    } finally {
      own.resume();
      await harness.cleanup();
      await own.stop();
    }
  });
});
