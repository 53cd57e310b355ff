// hookContext and instrument on a small orchestrator class, checked in the events the service stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HookClient } from '../../src/client/index.js';
import { listen, type Listening } from './service.js';

let svc: Listening;
let client: HookClient;
beforeAll(async () => {
  svc = await listen();
  client = new HookClient({ baseUrl: svc.url, agentId: 'default-agent', sessionId: 'run-ctx' });
});
afterAll(async () => {
  await client.close();
  await svc.close();
});

class BaseOrchestrator {
  async ping(): Promise<string> {
    return 'pong';
  }
}

class Orchestrator extends BaseOrchestrator {
  readonly agentId = 'orch-1';
  #plans = 0;
  label = 'main';

  async plan(goal: string): Promise<{ steps: string[] }> {
    this.#plans++;
    return { steps: [`analyse ${goal}`, `build ${goal}`] };
  }

  async build(target: string): Promise<never> {
    throw new Error(`cannot build ${target}`);
  }

  count(): number {
    return this.#plans;
  }
}

describe('hookContext', () => {
  it('brackets the work with AgentStart/AgentStop, one correlation id, and records setResult', async () => {
    const value = await client.hookContext('deploy', 'deployer', async (ctx) => {
      ctx.setResult({ deployed: 3 });
      return ctx.correlationId;
    });
    const [start, stop] = await svc.last(2);
    expect(start).toMatchObject({ hook_type: 'AgentStart', agent_id: 'deployer', session_id: 'run-ctx', correlation_id: value, payload: { operation: 'deploy' } });
    expect(stop).toMatchObject({ hook_type: 'AgentStop', agent_id: 'deployer', correlation_id: value, payload: { operation: 'deploy', success: true, result: { deployed: 3 } } });
    expect(typeof stop.payload.duration_ms).toBe('number');
  });

  it('posts an Error then AgentStop when the work throws, and rethrows the same error', async () => {
    const boom = new Error('boom');
    const err = await client.hookContext('migrate', undefined, () => { throw boom; }).catch((e: unknown) => e);
    expect(err).toBe(boom);
    const tail = await svc.last(3);
    expect(tail.map((e) => [e.hook_type, e.agent_id])).toEqual([['AgentStart', 'default-agent'], ['Error', 'default-agent'], ['AgentStop', 'default-agent']]);
    expect(new Set(tail.map((e) => e.correlation_id)).size).toBe(1);
    expect(tail[1].payload).toMatchObject({ operation: 'migrate', error: { name: 'Error', message: 'boom' } });
    expect(tail[2].payload).toMatchObject({ success: false });
    expect(tail[2].payload).not.toHaveProperty('result');
  });
});

describe('instrument', () => {
  it('wraps own and inherited methods, records each call with its own correlation id and result', async () => {
    const orch = client.instrument(new Orchestrator(), { recordResult: true });
    expect(await orch.plan('api')).toEqual({ steps: ['analyse api', 'build api'] });
    expect(await orch.ping()).toBe('pong');
    const tail = await svc.last(4);
    expect(tail.map((e) => [e.hook_type, e.agent_id, e.payload.operation])).toEqual([
      ['AgentStart', 'orch-1', 'plan'], ['AgentStop', 'orch-1', 'plan'],
      ['AgentStart', 'orch-1', 'ping'], ['AgentStop', 'orch-1', 'ping'],
    ]);
    expect(tail[0].correlation_id).toBe(tail[1].correlation_id);
    expect(tail[2].correlation_id).toBe(tail[3].correlation_id);
    expect(tail[0].correlation_id).not.toBe(tail[2].correlation_id);
    expect(tail[1].payload.result).toEqual({ steps: ['analyse api', 'build api'] });
    expect(tail[3].payload.result).toBe('pong');
  });

  it('keeps private fields, properties and the constructor; a sync method becomes async', async () => {
    const orch = client.instrument(new Orchestrator());
    await orch.plan('a');
    await orch.plan('b');
    expect(await orch.count()).toBe(2);
    expect(orch.label).toBe('main');
    expect(orch.constructor).toBe(Orchestrator);
    expect(orch.plan).toBe(orch.plan);
    const before = svc.posts.length;
    expect(orch.toString()).toBe('[object Object]');
    expect(svc.posts.length).toBe(before);
    const [stop] = await svc.last(1);
    expect(stop).toMatchObject({ hook_type: 'AgentStop', payload: { operation: 'count' } });
    expect(stop.payload).not.toHaveProperty('result');
  });

  it('records Error and AgentStop for a method that throws, and rethrows', async () => {
    const orch = client.instrument(new Orchestrator(), { agentId: 'builder-9', methods: ['build'] });
    await expect(orch.build('web')).rejects.toThrow('cannot build web');
    const tail = await svc.last(3);
    expect(tail.map((e) => [e.hook_type, e.agent_id, e.payload.operation])).toEqual([
      ['AgentStart', 'builder-9', 'build'], ['Error', 'builder-9', 'build'], ['AgentStop', 'builder-9', 'build'],
    ]);
    expect(new Set(tail.map((e) => e.correlation_id)).size).toBe(1);
    // Only the named methods are wrapped.
    const before = svc.posts.length;
    await orch.plan('quiet');
    // ...and the others keep their type and run on the original object (its private fields included).
    const plans: number = orch.count();
    expect(plans).toBe(1);
    expect(svc.posts.length).toBe(before);
  });

  it('maps the result through recordResult when it is a function', async () => {
    const orch = client.instrument(new Orchestrator(), { recordResult: (v, method) => ({ method, steps: (v as { steps: string[] }).steps.length }) });
    await orch.plan('x');
    expect((await svc.last(1))[0].payload.result).toEqual({ method: 'plan', steps: 2 });
  });
});
