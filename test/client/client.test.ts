// Every convenience call of the client against a real listening service, checked in what the service stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HookClient, HookClientError } from '../../src/client/index.js';
import { listen, type Listening } from './service.js';

let svc: Listening;
let client: HookClient;
beforeAll(async () => {
  svc = await listen();
  client = new HookClient({ baseUrl: svc.url, agentId: 'orchestrator-1', sessionId: 'run-1' });
});
afterAll(async () => {
  await client.close();
  await svc.close();
});

describe('HookClient calls', () => {
  it('preToolUse judges the command and answers the decision', async () => {
    const denied = await client.preToolUse({ toolName: 'Bash', parameters: { command: 'rm -rf /' } });
    expect(denied).toMatchObject({ success: true, decision: 'deny', risk: 'CRITICAL' });
    const allowed = await client.preToolUse({ toolName: 'Bash', parameters: { command: 'ls' }, priority: 7 });
    expect(allowed).toMatchObject({ success: true, decision: 'allow', risk: 'SAFE' });

    const [d, a] = await svc.last(2);
    expect(d).toMatchObject({
      event_id: denied.event_id, id: denied.stream_id, hook_type: 'PreToolUse', agent_id: 'orchestrator-1', session_id: 'run-1',
      priority: 3, decision: 'deny', payload: { tool_name: 'Bash', tool_input: { command: 'rm -rf /' } },
    });
    expect(a).toMatchObject({ event_id: allowed.event_id, decision: 'allow', priority: 7, payload: { tool_input: { command: 'ls' } } });
  });

  it('postToolUse stores PostToolUse, or PostToolUseFailure when it failed', async () => {
    const ok = await client.postToolUse({
      toolName: 'Bash', success: true, result: { stdout: 'a\nb' }, executionTimeMs: 12, parameters: { command: 'ls' },
    });
    await client.postToolUse({ toolName: 'Bash', success: false, result: 'exit 2', agentId: 'worker-7', sessionId: 'run-9' });
    const [s, f] = await svc.last(2);
    expect(s).toMatchObject({
      event_id: ok.event_id, hook_type: 'PostToolUse', agent_id: 'orchestrator-1', session_id: 'run-1', priority: 3,
      payload: { tool_name: 'Bash', success: true, tool_response: { stdout: 'a\nb' }, execution_time_ms: 12, tool_input: { command: 'ls' } },
    });
    expect(f).toMatchObject({
      hook_type: 'PostToolUseFailure', agent_id: 'worker-7', session_id: 'run-9',
      payload: { tool_name: 'Bash', success: false, tool_response: 'exit 2' },
    });
    expect(f.payload).not.toHaveProperty('execution_time_ms');
  });

  it('stop and notification store their fields; correlation id and metadata pass through', async () => {
    const st = await client.stop({ reason: 'done', details: { files: 3 } });
    const nt = await client.notification({
      level: 'warning', message: 'disk almost full', details: { free_mb: 10 }, correlationId: 'corr-1', metadata: { team: 'a' },
    });
    const [s, n] = await svc.last(2);
    expect(s).toMatchObject({ event_id: st.event_id, hook_type: 'Stop', priority: 2, payload: { reason: 'done', details: { files: 3 } } });
    expect(n).toMatchObject({
      event_id: nt.event_id, hook_type: 'Notification', priority: 5, correlation_id: 'corr-1',
      payload: { level: 'warning', message: 'disk almost full', details: { free_mb: 10 } }, metadata: { team: 'a' },
    });
  });

  it('send posts any hook type', async () => {
    const r = await client.send({ hookType: 'SessionStart', payload: { source: 'startup' } });
    const [e] = await svc.last(1);
    expect(e).toMatchObject({ event_id: r.event_id, hook_type: 'SessionStart', payload: { source: 'startup' } });
  });

  it('the same eventId posted twice is stored once', async () => {
    const a = await client.notification({ level: 'info', message: 'once', eventId: 'client-fixed-id' });
    const b = await client.notification({ level: 'info', message: 'once', eventId: 'client-fixed-id' });
    expect(b.stream_id).toBe(a.stream_id);
    const tail = await svc.last(5);
    expect(tail.filter((e) => e.event_id === 'client-fixed-id')).toHaveLength(1);
  });

  it('without an agent id anywhere a call is a TypeError and nothing is posted', async () => {
    const anonymous = new HookClient({ baseUrl: svc.url });
    const before = svc.posts.length;
    await expect(anonymous.preToolUse({ toolName: 'Bash', parameters: { command: 'ls' } })).rejects.toThrow(TypeError);
    await expect(anonymous.stop({ reason: 'x' })).rejects.toThrow(/agentId/);
    await expect(anonymous.hookContext('op', undefined, () => 1)).rejects.toThrow(TypeError);
    expect(svc.posts.length).toBe(before);
    // The call's own agent id is enough.
    const r = await anonymous.notification({ level: 'info', message: 'hi', agentId: 'solo' });
    expect((await svc.last(1))[0]).toMatchObject({ event_id: r.event_id, agent_id: 'solo' });
    expect(() => new HookClient({} as never)).toThrow(/baseUrl/);
  });

  it('a 4xx is a HookClientError with the service code and message, not retried', async () => {
    const before = svc.posts.length;
    const err = await client.send({ hookType: 'Bogus' as never, payload: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HookClientError);
    expect(err).toMatchObject({ statusCode: 400, code: 'HOOKS_ERR_UNKNOWN_HOOK_TYPE' });
    expect((err as Error).message).toMatch(/PreToolUse/);
    expect(svc.posts.length - before).toBe(1);
  });

  it('after close() calls are refused', async () => {
    const c = new HookClient({ baseUrl: svc.url, agentId: 'a' });
    await c.close();
    await expect(c.notification({ level: 'info', message: 'late' })).rejects.toMatchObject({ code: 'HOOKS_CLIENT_CLOSED' });
  });
});

describe('HookClient with a token', () => {
  let secured: Listening;
  beforeAll(async () => {
    secured = await listen({ HOOK_AUTH_TOKENS: 'sekret-token-1' }, { authorization: 'Bearer sekret-token-1' });
  });
  afterAll(async () => {
    await secured.close();
  });

  it('sends it as a bearer token; a wrong one is a 401 error', async () => {
    const good = new HookClient({ baseUrl: secured.url, agentId: 'a', token: 'sekret-token-1' });
    const r = await good.notification({ level: 'info', message: 'authorized' });
    expect((await secured.last(1))[0]).toMatchObject({ event_id: r.event_id });
    const bad = new HookClient({ baseUrl: secured.url, agentId: 'a', token: 'wrong' });
    await expect(bad.notification({ level: 'info', message: 'no' })).rejects.toMatchObject({ name: 'HookClientError', statusCode: 401 });
  });
});
