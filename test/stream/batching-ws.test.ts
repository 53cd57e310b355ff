// Priority batching over real WebSockets: urgent at once, batches of HOOK_BATCH_SIZE or by deadline, order, resubscribe, 4008.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { hookBody } from '../helpers/app.js';
import { StreamHarness, sleep, type StreamProbe, type StreamedEvent } from '../helpers/ws.js';
import type { Config } from '../../src/config.js';
import { compareStreamIds } from '../../src/store/stream-id.js';

const harness = new StreamHarness();
const start = (config: Partial<Config> = {}) => harness.start(config);
afterEach(() => harness.cleanup());

/** An interval no test waits for: whatever arrives did not come from a deadline. */
const NEVER = 600_000;
const note = (over: Record<string, unknown> = {}) => hookBody({ hook_type: 'Notification', payload: { message: 'hi' }, ...over });
const ids = (events: StreamedEvent[]) => events.map((e) => e.id);
const frameIds = (p: StreamProbe) => p.ofType('hook_events').map((f) => ids(f.events as StreamedEvent[]));

function strictlyIncreasing(list: string[]): void {
  for (let i = 1; i < list.length; i++) expect(compareStreamIds(list[i], list[i - 1])).toBeGreaterThan(0);
}

describe('GET /hooks/stream priority batching', () => {
  it('urgent events arrive without waiting for the flush interval', async () => {
    const { open, post } = await start({ HOOK_FLUSH_INTERVAL_MS: NEVER });
    const p = await open();
    await p.nth('subscribed');
    const [stop] = await post([hookBody({ hook_type: 'Stop' })]);
    const [pre] = await post([hookBody({ hook_type: 'PreToolUse' })]);
    await p.until((x) => x.events().length === 2, 'both urgent events');
    expect(frameIds(p)).toEqual([[stop?.stream_id], [pre?.stream_id]]);
  });

  it('5 less urgent events with HOOK_BATCH_SIZE=3 arrive as a frame of 3, then one of 2 after the interval', async () => {
    const { app, open, post } = await start({ HOOK_BATCH_SIZE: 3, HOOK_FLUSH_INTERVAL_MS: 100 });
    const p = await open();
    await p.nth('subscribed');
    const arrived: number[] = [];
    p.ws.on('message', () => arrived.push(performance.now()));
    const results = await post(Array.from({ length: 5 }, (_, i) => note({ payload: { i } })));
    await p.nth('hook_events', 2);
    const sid = results.map((r) => r.stream_id);
    expect(frameIds(p)).toEqual([sid.slice(0, 3), sid.slice(3)]);
    // Only a lower bound: the 2 waited for their deadline rather than leaving with the full frame.
    expect(arrived[1] - arrived[0]).toBeGreaterThanOrEqual(50);
    strictlyIncreasing(ids(p.events()));
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^hooks_ws_batch_events_count 2$/m);
    expect(metrics).toMatch(/^hooks_ws_batch_events_sum 5$/m);
  });

  it('an urgent event after 2 pending ones arrives after them, in order, in the same frame', async () => {
    const { open, post } = await start({ HOOK_FLUSH_INTERVAL_MS: NEVER });
    const p = await open();
    await p.nth('subscribed');
    const lows = await post([note(), hookBody({ hook_type: 'SessionStart', payload: {} })]);
    await sleep(50); // dispatched and pending by now
    expect(p.ofType('hook_events')).toHaveLength(0);
    const [err] = await post([hookBody({ hook_type: 'Error', payload: { message: 'boom' } })]);
    await p.nth('hook_events');
    expect(frameIds(p)).toEqual([[lows[0]?.stream_id, lows[1]?.stream_id, err?.stream_id]]);
  });

  it('a client filtering the less urgent events out is unaffected; every client sees strictly increasing ids', async () => {
    const { open, post } = await start({ HOOK_BATCH_SIZE: 4, HOOK_FLUSH_INTERVAL_MS: 60 });
    const urgent = await open('min_priority=3');
    const all = await open();
    await urgent.nth('subscribed');
    await all.nth('subscribed');
    const posted: { id: string; urgent: boolean }[] = [];
    const hooks = ['Notification', 'PreToolUse', 'SessionStart', 'Notification', 'Stop', 'UserPromptSubmit', 'Notification'];
    for (let round = 0; round < 12; round++) {
      const bodies = hooks.slice(0, 1 + (round % hooks.length)).map((h, i) => hookBody({ hook_type: h, payload: { round, i } }));
      const results = await post(bodies);
      results.forEach((r, i) => posted.push({ id: r.stream_id, urgent: ['PreToolUse', 'Stop'].includes(hooks[i]) }));
      if (round % 4 === 0) await sleep(70);
    }
    const wantUrgent = posted.filter((e) => e.urgent).map((e) => e.id);
    await all.until((x) => x.events().length === posted.length, 'every event');
    await urgent.until((x) => x.events().length === wantUrgent.length, 'the urgent events');
    expect(ids(all.events())).toEqual(posted.map((e) => e.id));
    expect(ids(urgent.events())).toEqual(wantUrgent);
    strictlyIncreasing(ids(all.events()));
    expect(frameIds(all).every((f) => f.length <= 4)).toBe(true);
  });

  it('a subscribe message while events are pending: they arrive first, each exactly once, then the new subscription', async () => {
    const { open, post } = await start({ HOOK_FLUSH_INTERVAL_MS: NEVER });
    const p = await open();
    await p.nth('subscribed');
    const lows = await post([note(), note({ agent_id: 'z' })]);
    await sleep(50);
    p.send({ type: 'subscribe', filters: { hook_types: ['Error'] } });
    const second = await p.nth('subscribed', 2);
    const types = p.frames.map((f) => f.type);
    expect(types).toEqual(['subscribed', 'hook_events', 'subscribed']);
    expect(second.last_id).toBe(lows[1]?.stream_id);
    const [, err] = await post([note(), hookBody({ hook_type: 'Error', payload: {} })]);
    await p.until((x) => x.events().length === 3, 'the Error');
    await sleep(30);
    expect(ids(p.events())).toEqual([lows[0]?.stream_id, lows[1]?.stream_id, err?.stream_id]);
  });

  it('a client that stops reading is closed with 4008 on less urgent events too; a reader gets them all, in order', async () => {
    const budget = 64 * 1024;
    const { app, urls, open, post } = await start({ HOOK_WS_MAX_BUFFER_BYTES: budget, HOOK_FLUSH_INTERVAL_MS: 50 });
    const slow = await open();
    await slow.nth('subscribed');
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const reader = new WebSocket(urls.ws());
    const got: string[] = [];
    reader.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { events?: StreamedEvent[] };
      for (const e of frame.events ?? []) got.push(e.id);
    });
    await new Promise((r) => reader.once('open', r));
    await sleep(20);
    const pad = 'x'.repeat(2000);
    const posted: string[] = [];
    // ~11 MB: more than loopback's kernel buffers take in for a client that reads nothing.
    for (let n = 0; n < 50; n++) {
      for (const r of await post(Array.from({ length: 100 }, (_, i) => note({ payload: { pad, n, i } })))) posted.push(r.stream_id);
      await sleep(1);
    }
    for (const deadline = Date.now() + 20_000; got.length < posted.length && Date.now() < deadline; ) await sleep(10);
    expect(got.length).toBe(posted.length);
    expect(got).toEqual(posted);
    expect((await app.inject({ url: '/metrics' })).body).toMatch(/^hooks_ws_slow_consumer_closes_total 1$/m);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await slow.closed).toEqual({ code: 4008, reason: 'slow consumer' });
    reader.terminate();
  });
});
