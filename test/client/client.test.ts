// The client SDK against a real listening service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../helpers/app.js';
import { HookClient, HookClientError } from '../../src/client/index.js';

let app: FastifyInstance;
let client: HookClient;
beforeAll(async () => {
  app = await makeApp();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  client = new HookClient({ baseUrl: `http://127.0.0.1:${port}`, agentId: 'orchestrator-1', sessionId: 'run-1' });
});
afterAll(async () => {
  await app.close();
});

const events = async () => (await app.inject({ url: '/hooks/events?limit=1000' })).json().events as Record<string, unknown>[];

describe('HookClient', () => {
  it('preToolUse returns the decision', async () => {
    const r = await client.preToolUse('Bash', { command: 'rm -rf /' });
    expect(r).toMatchObject({ success: true, decision: 'deny', risk: 'CRITICAL' });
    const ok = await client.preToolUse('Bash', { command: 'npm run build' });
    expect(ok.decision).toBe('allow');
  });

  it('postToolUse, stop and notification are stored with their types and priorities', async () => {
    await client.postToolUse('Bash', { command: 'ls' }, { stdout: 'a' });
    await client.stop('done');
    await client.notification('hello');
    const last = (await events()).slice(-3);
    expect(last.map((e) => [e.hook_type, e.priority, e.agent_id, e.session_id])).toEqual([
      ['PostToolUse', 3, 'orchestrator-1', 'run-1'],
      ['Stop', 2, 'orchestrator-1', 'run-1'],
      ['Notification', 5, 'orchestrator-1', 'run-1'],
    ]);
  });

  it('hookContext brackets work with AgentStart/AgentStop, and reports errors', async () => {
    const value = await client.hookContext('plan', 'planner', async () => 42);
    expect(value).toBe(42);
    await expect(client.hookContext('build', 'builder', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    const tail = (await events()).slice(-5);
    expect(tail.map((e) => [e.hook_type, e.agent_id])).toEqual([
      ['AgentStart', 'planner'], ['AgentStop', 'planner'],
      ['AgentStart', 'builder'], ['Error', 'builder'], ['AgentStop', 'builder'],
    ]);
    const corr = new Set(tail.slice(2).map((e) => e.correlation_id));
    expect(corr.size).toBe(1);
  });

  it('instrument wraps an orchestrator\'s methods', async () => {
    const orch = { agentId: 'orch-x', async run(n: number) { return n * 2; } };
    const wrapped = client.instrument(orch);
    expect(await wrapped.run(21)).toBe(42);
    const tail = (await events()).slice(-2);
    expect(tail.map((e) => [e.hook_type, e.agent_id, (e.payload as { operation: string }).operation])).toEqual([
      ['AgentStart', 'orch-x', 'run'], ['AgentStop', 'orch-x', 'run'],
    ]);
  });

  it('a 4xx is a HookClientError with the service code, not retried', async () => {
    await expect(client.send('Bogus' as never, {})).rejects.toMatchObject({
      name: 'HookClientError', statusCode: 400, code: 'HOOKS_ERR_UNKNOWN_HOOK_TYPE',
    });
    expect(HookClientError).toBeDefined();
  });

  it('the same eventId sent twice is stored once', async () => {
    const a = await client.notification('once', { eventId: 'client-fixed-id' });
    const b = await client.notification('once', { eventId: 'client-fixed-id' });
    expect(b.stream_id).toBe(a.stream_id);
  });
});
