// POST /hooks and /hooks/batch: results, defaults, idempotency, decisions and every bad-input status.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { gzipSync } from 'node:zlib';
import { makeApp, hookBody } from '../helpers/app.js';
import { HOOK_TYPES } from '../../src/schemas/hook-types.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(async () => {
  await app.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload: payload as object, headers });

function expectErrorShape(body: Record<string, unknown>, status: number, code: string) {
  expect(body).toMatchObject({ statusCode: status, code });
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  expect(Object.keys(body).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
}

describe('POST /hooks', () => {
  it('stores a safe hook and answers allow with a stream id', async () => {
    const res = await post('/hooks', hookBody());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ success: true, decision: 'allow', risk: 'SAFE' });
    expect(body.stream_id).toMatch(/^\d+-\d+$/);
    expect(typeof body.event_id).toBe('string');
    expect(body.processing_time_ms).toBeGreaterThanOrEqual(0);
  });

  it('denies rm -rf / but still stores it (200 with decision deny)', async () => {
    const res = await post('/hooks', hookBody({ payload: { tool_name: 'Bash', tool_input: { command: 'rm -rf /' } } }));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ success: true, decision: 'deny', risk: 'CRITICAL' });
    expect(body.reason).toEqual(expect.any(String));
    const stored = await app.inject({ url: '/hooks/events?last=1' });
    expect(stored.json().events[0]).toMatchObject({ event_id: body.event_id, decision: 'deny', risk: 'CRITICAL' });
  });

  it('finds the command in payload.command and payload.parameters.command', async () => {
    const a = (await post('/hooks', hookBody({ payload: { command: 'sudo rm -rf /' } }))).json();
    expect(a.decision).toBe('deny');
    const b = (await post('/hooks', hookBody({ payload: { parameters: { command: 'mkfs.ext4 /dev/sda1' } } }))).json();
    expect(b.decision).toBe('deny');
  });

  it('asks (does not allow) for HIGH and MEDIUM risk', async () => {
    const high = (await post('/hooks', hookBody({ payload: { command: 'sudo apt-get install vim' } }))).json();
    expect(high.decision).toBe('ask');
    expect(['HIGH', 'MEDIUM']).toContain(high.risk);
    const medium = (await post('/hooks', hookBody({ payload: { command: 'crontab -r' } }))).json();
    expect(medium.decision).toBe('ask');
  });

  it('applies the default priorities of the contract', async () => {
    const expected: Record<string, number> = {
      Error: 1, Stop: 2, SubagentStop: 2, AgentStop: 2, PreToolUse: 3, PostToolUse: 3,
      PostToolUseFailure: 3, PermissionRequest: 3, Notification: 5, SessionStart: 5, UserPromptSubmit: 5,
    };
    for (const [hook_type, priority] of Object.entries(expected)) {
      const r = (await post('/hooks', hookBody({ hook_type, payload: {} }))).json();
      const page = (await app.inject({ url: `/hooks/events?last=1` })).json();
      expect(page.events[0]).toMatchObject({ event_id: r.event_id, priority });
    }
    const explicit = (await post('/hooks', hookBody({ hook_type: 'Notification', priority: 9, payload: {} }))).json();
    const last = (await app.inject({ url: `/hooks/events?last=1` })).json().events[0];
    expect(last).toMatchObject({ event_id: explicit.event_id, priority: 9 });
  });

  it('accepts every hook type of the contract', async () => {
    for (const hook_type of HOOK_TYPES) {
      const res = await post('/hooks', hookBody({ hook_type, payload: {} }));
      expect(res.statusCode, hook_type).toBe(200);
    }
  });

  it('stores the same event_id once and answers with the same result', async () => {
    const body = hookBody({ event_id: 'retry-me-1', payload: { command: 'rm -rf /' } });
    const firstRes = await post('/hooks', body);
    const secondRes = await post('/hooks', body);
    const first = firstRes.json();
    expect(secondRes.json()).toEqual(first);
    expect(first).toMatchObject({ event_id: 'retry-me-1', decision: 'deny', risk: 'CRITICAL' });
    expect(firstRes.headers['hookhive-duplicate']).toBeUndefined();
    expect(secondRes.headers['hookhive-duplicate']).toBe('true');
    const all = (await app.inject({ url: '/hooks/events?limit=1000' })).json();
    expect(all.events.filter((e: { event_id: string }) => e.event_id === 'retry-me-1')).toHaveLength(1);
  });

  it('keeps the client timestamp, metadata and correlation id', async () => {
    const r = (
      await post('/hooks', hookBody({ timestamp: '2026-01-02T03:04:05Z', metadata: { team: 'x' }, correlation_id: 'c-1' }))
    ).json();
    const e = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(e).toMatchObject({
      event_id: r.event_id, timestamp: '2026-01-02T03:04:05.000Z', metadata: { team: 'x' }, correlation_id: 'c-1',
    });
  });
});

describe('bad input gets a 4xx in the error shape', () => {
  it('malformed JSON is 400 HOOKS_ERR_BAD_JSON', async () => {
    const res = await post('/hooks', '{"hook_type": "PreToolUse", ', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 400, 'HOOKS_ERR_BAD_JSON');
  });

  it('an empty JSON body is 400', async () => {
    const res = await post('/hooks', '', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 400, 'HOOKS_ERR_BAD_JSON');
  });

  it('a schema failure is 400 HOOKS_ERR_VALIDATION naming the field', async () => {
    const res = await post('/hooks', hookBody({ agent_id: 42 }));
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 400, 'HOOKS_ERR_VALIDATION');
    expect(res.json().message).toContain('agent_id');
    const missing = await post('/hooks', { hook_type: 'Stop', agent_id: 'a' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('payload');
  });

  it('wrong types are not coerced: priority "3" is a 400, so is priority 11', async () => {
    expect((await post('/hooks', hookBody({ priority: '3' }))).statusCode).toBe(400);
    expect((await post('/hooks', hookBody({ priority: 11 }))).statusCode).toBe(400);
    expect((await post('/hooks', hookBody({ payload: 'ls' }))).statusCode).toBe(400);
  });

  it('an unknown hook type is 400 listing the accepted ones', async () => {
    const res = await post('/hooks', hookBody({ hook_type: 'PreToolUze' }));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expectErrorShape(body, 400, 'HOOKS_ERR_UNKNOWN_HOOK_TYPE');
    for (const t of HOOK_TYPES) expect(body.message).toContain(t);
  });

  it('a bad timestamp is 400', async () => {
    const res = await post('/hooks', hookBody({ timestamp: 'yesterday-ish' }));
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 400, 'HOOKS_ERR_VALIDATION');
  });

  it('a body over HOOK_MAX_PAYLOAD_SIZE is 413', async () => {
    const res = await post('/hooks', hookBody({ payload: { blob: 'x'.repeat(100_001) } }));
    expect(res.statusCode).toBe(413);
    expectErrorShape(res.json(), 413, 'HOOKS_ERR_PAYLOAD_TOO_LARGE');
    expect(res.json().message).toContain('100000');
  });

  it('a non-JSON content type is 415', async () => {
    const text = await post('/hooks', 'hook_type=Stop', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expectErrorShape(text.json(), 415, 'HOOKS_ERR_UNSUPPORTED_MEDIA_TYPE');
    const form = await post('/hooks', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
  });

  it('a compressed body is 415 naming the encoding, not a 400 quoting its bytes', async () => {
    const zipped = gzipSync(JSON.stringify(hookBody({})));
    const res = await app.inject({ method: 'POST', url: '/hooks', payload: zipped, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(res.statusCode).toBe(415);
    expectErrorShape(res.json(), 415, 'HOOKS_ERR_UNSUPPORTED_MEDIA_TYPE');
    expect(res.json().message).toBe('Content-Encoding "gzip" is not supported; send the JSON uncompressed');
    // identity is no encoding at all
    const plain = await post('/hooks', hookBody({}), { 'content-type': 'application/json', 'content-encoding': 'identity' });
    expect(plain.statusCode).toBe(200);
  });

  it('prototype keys are removed (and noted), never merged, and the event is still judged', async () => {
    const body =
      '{"__proto__":{"polluted":true},"hook_type":"PreToolUse","agent_id":"a","payload":{"tool_input":{"command":"rm -rf /",' +
      '"__proto__":{"command":"ls"}},"constructor":{"prototype":{"polluted":true}},"deep":[{"__proto__":{"x":1}}]}}';
    const res = await post('/hooks', body, { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'deny', risk: 'CRITICAL' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [stored] = (await app.inject({ url: '/hooks/events?last=1' })).json().events;
    expect(stored.sanitized).toEqual({ keys_removed: 4 });
    expect(Object.keys(stored.payload).sort()).toEqual(['deep', 'tool_input']);
    expect(Object.getPrototypeOf(stored.payload.tool_input)).toBe(Object.prototype);
  });

  it('an unknown route is 404 in the error shape', async () => {
    const res = await app.inject({ url: '/nope' });
    expect(res.statusCode).toBe(404);
    expectErrorShape(res.json(), 404, 'HOOKS_ERR_NOT_FOUND');
  });

  it('bad input never loses other events', async () => {
    const good = (await post('/hooks', hookBody())).json();
    await post('/hooks', '{bad', { 'content-type': 'application/json' });
    await post('/hooks', hookBody({ hook_type: 'Nope' }));
    const after = (await post('/hooks', hookBody())).json();
    const page = (await app.inject({ url: '/hooks/events' })).json();
    expect(page.events.map((e: { event_id: string }) => e.event_id)).toEqual([good.event_id, after.event_id]);
  });
});

describe('POST /hooks/batch', () => {
  it('answers results in order and stores events in order', async () => {
    const events = Array.from({ length: 25 }, (_, i) =>
      hookBody({ event_id: `b-${i}`, payload: { command: i === 7 ? 'rm -rf /' : `echo ${i}` } }),
    );
    const res = await post('/hooks/batch', { events });
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results.map((r: { event_id: string }) => r.event_id)).toEqual(events.map((e) => e.event_id));
    expect(results[7].decision).toBe('deny');
    expect(results[0].decision).toBe('allow');
    const ids = results.map((r: { stream_id: string }) => r.stream_id);
    const page = (await app.inject({ url: '/hooks/events?limit=100' })).json();
    expect(page.events.map((e: { id: string }) => e.id)).toEqual(ids);
  });

  it('rejects an empty batch and one over 1000 events', async () => {
    expect((await post('/hooks/batch', { events: [] })).statusCode).toBe(400);
    const big = Array.from({ length: 1001 }, () => hookBody({ payload: {} }));
    const res = await post('/hooks/batch', { events: big });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('HOOKS_ERR_VALIDATION');
  });

  it('an oversize event is its own error item; the others are stored', async () => {
    const events = [
      hookBody({ event_id: 'ok-1' }),
      hookBody({ event_id: 'huge', payload: { blob: 'y'.repeat(120_000) } }),
      hookBody({ event_id: 'ok-2' }),
    ];
    const res = await post('/hooks/batch', { events });
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results[0]).toMatchObject({ success: true, event_id: 'ok-1' });
    expect(results[1]).toMatchObject({ success: false, event_id: 'huge', error: { statusCode: 413 } });
    expect(results[2]).toMatchObject({ success: true, event_id: 'ok-2' });
  });

  it('an unknown hook type anywhere in the batch is a 400 naming the accepted types', async () => {
    const res = await post('/hooks/batch', { events: [hookBody(), hookBody({ hook_type: 'Bogus' })] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('HOOKS_ERR_UNKNOWN_HOOK_TYPE');
    expect(res.json().message).toContain('events/1/hook_type');
  });
});
