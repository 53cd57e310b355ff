// CONTRACT §3a on the agent routes: a decision event gets a 200 decision whatever happens to it, and the
// decision is HOOK_FAIL_DECISION (or stricter) whenever the event could not be fully judged.
import { describe, expect, it, vi } from 'vitest';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { claudeBody, hookBody, makeApp } from '../helpers/app.js';
import { MemoryEventStore } from '../../src/store/memory-store.js';
import type { AppendMeta, NewEvent } from '../../src/store/types.js';
import type { SecurityValidator } from '../../src/security/types.js';

const json = { 'content-type': 'application/json' };

async function withApp<T>(config: Parameters<typeof makeApp>[0], overrides: Parameters<typeof makeApp>[1], fn: (app: FastifyInstance) => Promise<T>) {
  const app = await makeApp(config, overrides);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

const claude = (app: FastifyInstance, payload: unknown, headers: Record<string, string> = json) =>
  app.inject({ method: 'POST', url: '/hooks/claude', payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload), headers });

const decisionOf = (body: Record<string, any>) => body.hookSpecificOutput?.permissionDecision ?? body.hookSpecificOutput?.decision?.behavior;

async function failClosedCount(app: FastifyInstance, cause: string): Promise<number> {
  const m = await app.metrics.failClosed.get();
  return m.values.find((v) => v.labels.cause === cause)?.value ?? 0;
}

describe('bodies the service cannot fully read still get a decision', () => {
  it('a PreToolUse larger than HOOK_MAX_BODY_BYTES is answered 200 with HOOK_FAIL_DECISION; a PostToolUse gets the 413', async () => {
    await withApp({ HOOK_MAX_BODY_BYTES: 1024 * 1024 }, {}, async (app) => {
      const pre = await claude(app, claudeBody(`ls ${'x'.repeat(2 * 1024 * 1024)}`));
      expect(pre.statusCode).toBe(200);
      expect(pre.json().hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'ask' });
      expect(pre.json().hookSpecificOutput.permissionDecisionReason).toMatch(/too large/);
      expect(await failClosedCount(app, 'body_too_large')).toBe(1);
      const post = await claude(app, { ...claudeBody('ls'), hook_event_name: 'PostToolUse', tool_response: 'y'.repeat(2 * 1024 * 1024) });
      expect(post.statusCode).toBe(413);
    });
  });

  it('over a real socket, the sender of an oversized decision event reads its answer (no reset mid-upload)', async () => {
    const app = await makeApp({ HOOK_MAX_BODY_BYTES: 1024 * 1024 });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as AddressInfo).port;
      const body = JSON.stringify(claudeBody(`ls ${'x'.repeat(12 * 1024 * 1024)}`));
      for (let i = 0; i < 4; i++) {
        const answer = await new Promise<{ status?: number; text: string }>((resolve, reject) => {
          const req = httpRequest({ port, method: 'POST', path: '/hooks/claude', headers: { 'content-type': 'application/json' } }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode, text }));
          });
          req.on('error', reject); // an EPIPE or a reset here is exactly the bug
          req.end(body);
        });
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text).hookSpecificOutput.permissionDecision).toBe('ask');
      }
    } finally {
      await app.close();
    }
  });

  it('between HOOK_MAX_PAYLOAD_SIZE and HOOK_MAX_BODY_BYTES: judged in full, stored cut to size and marked', async () => {
    await withApp({ HOOK_MAX_PAYLOAD_SIZE: 10_000 }, {}, async (app) => {
      const res = await claude(app, { ...claudeBody('rm -rf /'), transcript_excerpt: 'z'.repeat(500_000) });
      expect(res.statusCode).toBe(200);
      expect(decisionOf(res.json())).toBe('deny');
      const [stored] = (await app.inject({ url: '/hooks/events?last=1' })).json().events;
      expect(stored.decision).toBe('deny');
      expect(JSON.stringify(stored.payload).length).toBeLessThanOrEqual(10_000);
      expect(stored.payload.tool_input.command).toBe('rm -rf /');
      expect(stored.sanitized).toMatchObject({ fields_truncated: 1 });
      expect(stored.sanitized.original_bytes).toBeGreaterThan(500_000);
    });
  });

  it('malformed JSON, a foreign content type, or no readable event name: a decision event by default', async () => {
    await withApp({}, {}, async (app) => {
      for (const [payload, headers] of [
        ['{"hook_event_name":"PreToolUse","tool_input":{"command":"rm -rf /"', json],
        ['{"tool_input": {"command": "rm -rf /"}, "hook_event_name": ', json],
        ['\u0000\u0001 not json at all', json],
        [JSON.stringify(claudeBody('rm -rf /')), { 'content-type': 'text/plain' }],
        [gzipSync(JSON.stringify(claudeBody('rm -rf /'))), { ...json, 'content-encoding': 'gzip' }],
        [JSON.stringify({ ...claudeBody('ls'), tool_input: 'not an object' }), json],
        [JSON.stringify({ ...claudeBody('ls'), session_id: 42 }), json],
      ] as const) {
        const res = await claude(app, payload, headers);
        expect(res.statusCode, String(payload).slice(0, 40)).toBe(200);
        expect(res.json().hookSpecificOutput, String(payload).slice(0, 40)).toMatchObject({ permissionDecision: 'ask' });
      }
      // A non-decision event that cannot be read is answered with the error: the agent is not waiting on it.
      const post = await claude(app, '{"hook_event_name":"PostToolUse", oops');
      expect(post.statusCode).toBe(400);
      expect(post.json().code).toBe('HOOKS_ERR_BAD_JSON');
    });
  });

  it('5000-deep nesting beside rm -rf /: denied, stored truncated and marked, history still served', async () => {
    await withApp({}, {}, async (app) => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const body = JSON.stringify(claudeBody('rm -rf /')).replace(/}$/, `,"junk":${deep}}`);
      const res = await claude(app, body);
      expect(res.statusCode).toBe(200);
      expect(decisionOf(res.json())).toBe('deny');
      const hist = await app.inject({ url: '/hooks/events?last=5' });
      expect(hist.statusCode).toBe(200);
      const [stored] = hist.json().events;
      expect(stored.sanitized.depth_truncated).toBeGreaterThan(0);
      expect(JSON.stringify(stored.payload)).toContain('nested deeper than 64');
    });
  });

  it('prototype keys anywhere are dropped and the event is judged', async () => {
    await withApp({}, {}, async (app) => {
      const body = JSON.stringify(claudeBody('rm -rf /')).replace(/^\{/, '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},');
      const res = await claude(app, body);
      expect(decisionOf(res.json())).toBe('deny');
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  });
});

describe('a judged event whose storing fails or is slow is answered no less strictly', () => {
  class DownStore extends MemoryEventStore {
    override canAccept(): boolean {
      return false;
    }
  }
  it('store and spool unavailable: HOOK_FAIL_DECISION, or the verdict when it is stricter', async () => {
    await withApp({}, { store: new DownStore({ maxEvents: 10 }) }, async (app) => {
      expect(decisionOf((await claude(app, claudeBody('ls'))).json())).toBe('ask');
      expect(decisionOf((await claude(app, claudeBody('rm -rf /'))).json())).toBe('deny');
      expect(await failClosedCount(app, 'store_unavailable')).toBe(2);
      const generic = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
      expect(generic.statusCode).toBe(503);
      expect(generic.headers['retry-after']).toMatch(/^\d+$/);
    });
    await withApp({ HOOK_FAIL_DECISION: 'deny' }, { store: new DownStore({ maxEvents: 10 }) }, async (app) => {
      expect(decisionOf((await claude(app, claudeBody('ls'))).json())).toBe('deny');
    });
  });

  it('a store slower than HOOK_DECISION_BUDGET_MS: answered within the budget, stored when the store gets to it', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    class SlowStore extends MemoryEventStore {
      override async append(e: NewEvent, meta: AppendMeta) {
        await gate;
        return super.append(e, meta);
      }
    }
    const store = new SlowStore({ maxEvents: 10 });
    await withApp({ HOOK_DECISION_BUDGET_MS: 200 }, { store }, async (app) => {
      const t = Date.now();
      const res = await claude(app, claudeBody('git status'));
      const ms = Date.now() - t;
      expect(res.statusCode).toBe(200);
      expect(decisionOf(res.json())).toBe('ask');
      expect(ms).toBeLessThan(1000); // the budget is 200 ms; generous against a loaded machine
      expect(await failClosedCount(app, 'decision_timeout')).toBe(1);
      release();
      await vi.waitFor(async () => expect((await store.readLast({ n: 5 })).events).toHaveLength(1));
    });
  });

  it('a validator that throws is a fail-closed verdict, never a 500', async () => {
    const validator: SecurityValidator = {
      validateCommand: () => Promise.reject(new Error('boom')),
      validatePayload: () => Promise.reject(new Error('boom')),
      close: () => {},
    };
    await withApp({}, { validator }, async (app) => {
      const res = await claude(app, claudeBody('ls'));
      expect(res.statusCode).toBe(200);
      expect(decisionOf(res.json())).toBe('ask');
      expect(await failClosedCount(app, 'validator_error')).toBe(1);
      const generic = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
      expect(generic.statusCode).toBe(200);
      expect(generic.json()).toMatchObject({ decision: 'ask', rule: 'fail.validator_error' });
    });
  });
});

describe('limits answer decision events with a decision', () => {
  it('rate limited: /hooks gets 429 + Retry-After; a PreToolUse gets a 200 ask; a PostToolUse the 429', async () => {
    await withApp({ HOOK_RATE_LIMIT_PER_MIN: 2 }, {}, async (app) => {
      for (let i = 0; i < 2; i++) expect((await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() })).statusCode).toBe(200);
      const limited = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'HOOKS_ERR_RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const pre = await claude(app, claudeBody('rm -rf /'));
      expect(pre.statusCode).toBe(200);
      expect(decisionOf(pre.json())).toBe('ask');
      expect(await failClosedCount(app, 'rate_limited')).toBe(1);
      expect((await claude(app, { ...claudeBody('ls'), hook_event_name: 'PostToolUse' })).statusCode).toBe(429);
      // Probes are never rate limited.
      for (let i = 0; i < 5; i++) expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    });
  });

  it('rate limits are per token: one busy agent does not use up another\'s', async () => {
    await withApp({ HOOK_RATE_LIMIT_PER_MIN: 1, HOOK_INGEST_TOKENS: 'a1,a2' }, {}, async (app) => {
      const post = (t: string) => app.inject({ method: 'POST', url: '/hooks', payload: hookBody(), headers: { authorization: `Bearer ${t}` } });
      expect((await post('a1')).statusCode).toBe(200);
      expect((await post('a1')).statusCode).toBe(429);
      expect((await post('a2')).statusCode).toBe(200);
    });
  });

  it('under pressure: generic routes 503, decision events a 200 ask, liveness 200, readiness 503', async () => {
    await withApp({ HOOK_MAX_HEAP_USED_BYTES: 1 }, {}, async (app) => {
      await vi.waitFor(() => expect(app.isUnderPressure()).toBe(true), { timeout: 5000 });
      const generic = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
      expect(generic.statusCode).toBe(503);
      expect(generic.json().code).toBe('HOOKS_ERR_OVERLOADED');
      const pre = await claude(app, claudeBody('rm -rf /'));
      expect(pre.statusCode).toBe(200);
      expect(decisionOf(pre.json())).toBe('ask');
      expect(await failClosedCount(app, 'overloaded')).toBe(1);
      expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(503);
    });
  });
});

describe('Claude Code answers', () => {
  it('PermissionRequest: a deny answers the dialog (decision.behavior), an ask or allow says nothing', async () => {
    await withApp({}, {}, async (app) => {
      const deny = await claude(app, { ...claudeBody('rm -rf /'), hook_event_name: 'PermissionRequest' });
      expect(deny.json()).toEqual({
        hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: expect.stringMatching(/^hookhive: /) } },
      });
      expect((await claude(app, { ...claudeBody('sudo apt-get install vim'), hook_event_name: 'PermissionRequest' })).json()).toEqual({});
      expect((await claude(app, { ...claudeBody('ls'), hook_event_name: 'PermissionRequest' })).json()).toEqual({});
    });
  });

  it('the same tool_use_id with another command is judged afresh and kept as its own event', async () => {
    await withApp({}, {}, async (app) => {
      const first = claudeBody('ls');
      expect((await claude(app, first)).json()).toEqual({});
      const laundered = { ...first, tool_input: { command: 'rm -rf /' } };
      expect(decisionOf((await claude(app, laundered)).json())).toBe('deny');
      const retry = await claude(app, first);
      expect(retry.json()).toEqual({});
      const events = (await app.inject({ url: '/hooks/events?last=10' })).json().events;
      expect(events.map((e: { decision: string }) => e.decision)).toEqual(['allow', 'deny']);
    });
  });
});

describe('the envelope route binds event_id to content', () => {
  it('the same event_id with another command is a 409; the same content is the stored answer', async () => {
    await withApp({}, {}, async (app) => {
      const post = (command: string) =>
        app.inject({ method: 'POST', url: '/hooks', payload: hookBody({ event_id: 'X', payload: { tool_name: 'Bash', tool_input: { command } } }) });
      const first = await post('ls');
      expect(first.json()).toMatchObject({ decision: 'allow' });
      const laundered = await post('rm -rf /');
      expect(laundered.statusCode).toBe(409);
      expect(laundered.json().code).toBe('HOOKS_ERR_IDEMPOTENCY_CONFLICT');
      const retry = await post('ls');
      expect(retry.json()).toEqual(first.json());
      expect(retry.headers['hookhive-duplicate']).toBe('true');
    });
  });
});
