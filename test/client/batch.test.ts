// Client-side batching against a real service: queued events go through /hooks/batch, decisions never wait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HookClient, HookClientError } from '../../src/client/index.js';
import { listen, type Listening } from './service.js';

let svc: Listening;
beforeAll(async () => {
  svc = await listen();
});
afterAll(async () => {
  await svc.close();
});

/** A long interval: only maxEvents, flush() and close() send anything in these tests. */
const batched = (maxEvents = 1000) =>
  new HookClient({ baseUrl: svc.url, agentId: 'batcher', sessionId: 's-b', retryDelayMs: 1, batch: { maxEvents, flushIntervalMs: 600_000 } });

const posts = (from: number) => svc.posts.slice(from);

describe('HookClient batching', () => {
  it('queues events and flush() sends them in one /hooks/batch request, in order', async () => {
    const client = batched();
    const from = svc.posts.length;
    const calls = [
      client.postToolUse({ toolName: 'Read', success: true, result: 'ok' }),
      client.notification({ level: 'info', message: 'queued' }),
      client.stop({ reason: 'end' }),
    ];
    expect(posts(from)).toEqual([]);
    const sent = await client.flush();
    expect(sent).toEqual({ sent: 3, failed: 0 });
    const results = await Promise.all(calls);
    expect(posts(from)).toEqual(['/hooks/batch']);
    const stored = await svc.last(3);
    expect(stored.map((e) => [e.event_id, e.hook_type, e.agent_id, e.session_id])).toEqual([
      [results[0].event_id, 'PostToolUse', 'batcher', 's-b'],
      [results[1].event_id, 'Notification', 'batcher', 's-b'],
      [results[2].event_id, 'Stop', 'batcher', 's-b'],
    ]);
    await client.close();
  });

  it('preToolUse goes straight through with its decision while other events wait', async () => {
    const client = batched();
    const from = svc.posts.length;
    const queued = client.notification({ level: 'info', message: 'waiting' });
    const verdict = await client.preToolUse({ toolName: 'Bash', parameters: { command: 'rm -rf /' } });
    expect(verdict.decision).toBe('deny');
    expect(posts(from)).toEqual(['/hooks']);
    await client.close();
    await queued;
    expect(posts(from)).toEqual(['/hooks', '/hooks/batch']);
  });

  it('sends by itself when maxEvents are queued', async () => {
    const client = batched(3);
    const from = svc.posts.length;
    const results = await Promise.all([1, 2, 3].map((i) => client.notification({ level: 'info', message: `n${i}` })));
    expect(posts(from)).toEqual(['/hooks/batch']);
    expect((await svc.last(3)).map((e) => e.event_id)).toEqual(results.map((r) => r.event_id));
    await client.close();
  });

  it('sends by itself after flushIntervalMs', async () => {
    const client = new HookClient({ baseUrl: svc.url, agentId: 'timer', batch: { flushIntervalMs: 5 } });
    const r = await client.notification({ level: 'info', message: 'by the timer' });
    expect((await svc.last(1))[0]).toMatchObject({ event_id: r.event_id, payload: { message: 'by the timer' } });
    await client.close();
  });

  it('close() delivers what is queued and refuses more', async () => {
    const client = batched();
    const calls = [client.stop({ reason: 'a' }), client.stop({ reason: 'b' })];
    expect(await client.close()).toEqual({ sent: 2, failed: 0 });
    const ids = (await Promise.all(calls)).map((r) => r.event_id);
    expect((await svc.last(2)).map((e) => e.event_id)).toEqual(ids);
    await expect(client.stop({ reason: 'c' })).rejects.toMatchObject({ code: 'HOOKS_CLIENT_CLOSED' });
  });

  it('a per-item error rejects that call only; the others are stored', async () => {
    const direct = new HookClient({ baseUrl: svc.url, agentId: 'batcher' });
    await direct.notification({ level: 'info', message: 'original', eventId: 'taken-id-1' });
    const client = batched();
    const good1 = client.notification({ level: 'info', message: 'fine 1' });
    // The same event_id with other content is a conflict for that item alone.
    const bad = client.notification({ level: 'info', message: 'other content', eventId: 'taken-id-1' }).catch((e: unknown) => e);
    const good2 = client.notification({ level: 'info', message: 'fine 2' });
    expect(await client.flush()).toEqual({ sent: 2, failed: 1 });
    const err = await bad;
    expect(err).toBeInstanceOf(HookClientError);
    expect(err).toMatchObject({ statusCode: 409, code: 'HOOKS_ERR_IDEMPOTENCY_CONFLICT' });
    const [a, b] = await Promise.all([good1, good2]);
    const stored = await svc.last(10);
    expect(stored.filter((e) => e.event_id === a.event_id || e.event_id === b.event_id)).toHaveLength(2);
    expect(stored.filter((e) => e.event_id === 'taken-id-1').map((e) => e.payload.message)).toEqual(['original']);
    await client.close();
  });

  it('a failed batch request rejects every call in it', async () => {
    const client = batched();
    const calls = [
      client.notification({ level: 'info', message: 'x' }).catch((e: unknown) => e),
      client.send({ hookType: 'NotAHookType' as never, payload: {} }).catch((e: unknown) => e),
    ];
    expect(await client.flush()).toEqual({ sent: 0, failed: 2 });
    for (const err of await Promise.all(calls)) expect(err).toMatchObject({ name: 'HookClientError', statusCode: 400 });
    await client.close();
  });
});
