// Retries through a proxy that fails on cue: the same event_id each time, one stored event, 4xx never retried.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HookClient, HookClientError } from '../../src/client/index.js';
import { listen, proxy, type Listening, type Proxy, type ProxyAction } from './service.js';

let svc: Listening;
let px: Proxy | undefined;
beforeAll(async () => {
  svc = await listen();
});
afterAll(async () => {
  await svc.close();
});
afterEach(async () => {
  await px?.close();
  px = undefined;
});

/** A client behind a proxy that applies `script` to request 0, 1, ... and forwards the rest. */
async function clientBehind(script: ProxyAction[], retries = 2): Promise<{ client: HookClient; px: Proxy }> {
  px = await proxy(svc.url, (n) => script[n] ?? { kind: 'forward' });
  return { client: new HookClient({ baseUrl: px.url, agentId: 'retry-agent', retries, retryDelayMs: 1 }), px };
}

const storedWith = async (eventId: string) => (await svc.last(50)).filter((e) => e.event_id === eventId);

describe('HookClient retries', () => {
  it('retries after a 503 and the event is stored once', async () => {
    const { client, px } = await clientBehind([{ kind: 'answer', status: 503, headers: { 'retry-after': '0' } }]);
    const r = await client.preToolUse({ toolName: 'Bash', parameters: { command: 'rm -rf /' } });
    expect(r.decision).toBe('deny');
    expect(px.bodies).toHaveLength(2);
    expect(px.bodies[1].event_id).toBe(px.bodies[0].event_id);
    expect(px.bodies[1]).toEqual(px.bodies[0]);
    expect(await storedWith(r.event_id)).toHaveLength(1);
  });

  it('a 503 after the service stored the event: the retry gets the stored answer, no duplicate', async () => {
    const { client, px } = await clientBehind([{ kind: 'forward-then', status: 503 }]);
    const r = await client.notification({ level: 'info', message: 'answer lost once' });
    expect(px.bodies).toHaveLength(2);
    const stored = await storedWith(r.event_id);
    expect(stored).toHaveLength(1);
    expect(stored[0].id).toBe(r.stream_id);
  });

  it('retries after a dropped connection and after a 429', async () => {
    const { client, px } = await clientBehind([{ kind: 'reset' }, { kind: 'answer', status: 429, headers: { 'retry-after': '0' } }]);
    const r = await client.stop({ reason: 'done' });
    expect(px.bodies).toHaveLength(3);
    expect(new Set(px.bodies.map((b) => b.event_id))).toEqual(new Set([r.event_id]));
    expect(await storedWith(r.event_id)).toHaveLength(1);
  });

  it('gives up after `retries` and surfaces the last error', async () => {
    const fail: ProxyAction = { kind: 'answer', status: 503, body: { statusCode: 503, code: 'HOOKS_ERR_STORE_UNAVAILABLE', error: 'x', message: 'store down' } };
    const { client, px } = await clientBehind([fail, fail, fail, fail], 2);
    const err = await client.notification({ level: 'info', message: 'never' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HookClientError);
    expect(err).toMatchObject({ statusCode: 503, code: 'HOOKS_ERR_STORE_UNAVAILABLE', message: 'store down' });
    expect(px.bodies).toHaveLength(3);
    expect(await storedWith(px.bodies[0].event_id)).toHaveLength(0);
  });

  it('does not retry a 4xx other than 429', async () => {
    const { client, px } = await clientBehind([{ kind: 'answer', status: 409, body: { statusCode: 409, code: 'HOOKS_ERR_IDEMPOTENCY_CONFLICT', error: 'Conflict', message: 'reused' } }]);
    await expect(client.notification({ level: 'info', message: 'conflict' })).rejects.toMatchObject({ statusCode: 409, code: 'HOOKS_ERR_IDEMPOTENCY_CONFLICT' });
    expect(px.bodies).toHaveLength(1);
  });

  it('a service that cannot be reached is a network HookClientError after the retries', async () => {
    const { client, px } = await clientBehind([{ kind: 'reset' }, { kind: 'reset' }], 1);
    await expect(client.notification({ level: 'info', message: 'x' })).rejects.toMatchObject({ code: 'HOOKS_CLIENT_NETWORK', statusCode: undefined });
    expect(px.bodies).toHaveLength(2);
  });

  it('a batch is retried whole with the same event ids, each event stored once', async () => {
    const { px } = await clientBehind([{ kind: 'forward-then', status: 502 }]);
    const client = new HookClient({ baseUrl: px.url, agentId: 'retry-agent', retryDelayMs: 1, batch: { maxEvents: 1000, flushIntervalMs: 60_000 } });
    const calls = [1, 2, 3].map((i) => client.notification({ level: 'info', message: `batched ${i}` }));
    await client.close();
    const results = await Promise.all(calls);
    expect(px.bodies).toHaveLength(2);
    expect(px.bodies[1]).toEqual(px.bodies[0]);
    for (const r of results) expect(await storedWith(r.event_id)).toHaveLength(1);
  });
});
