// GET /hooks/stream over real sockets on the memory store: filters, subscribe, resume, limits, auth, shutdown.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { hookBody } from '../helpers/app.js';
import { spawnService } from '../helpers/service.js';
import { StreamHarness, StreamProbe, sleep, type StreamedEvent } from '../helpers/ws.js';
import type { Config } from '../../src/config.js';
import { compareStreamIds } from '../../src/store/stream-id.js';

const harness = new StreamHarness();
const start = (config: Partial<Config> = {}) => harness.start(config);
afterEach(() => harness.cleanup());

// A real collection before each memory reading, so the comparison is about what is retained.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ids = (events: StreamedEvent[]) => events.map((e) => e.id);

describe('GET /hooks/stream filters', () => {
  it('query filters: only matching events, in order, min_priority keeps the urgent ones', async () => {
    const { open, post } = await start();
    const urgent = await open('min_priority=3');
    const agentB = await open('agent_ids=b&hook_types=Notification,Error');
    expect(await urgent.nth('subscribed')).toMatchObject({ filters: { min_priority: 3 }, recovered: true });
    await agentB.nth('subscribed');
    const results = await post([
      hookBody({ hook_type: 'Error', agent_id: 'a' }),
      hookBody({ hook_type: 'Notification', agent_id: 'b' }),
      hookBody({ hook_type: 'Error', agent_id: 'b' }),
      hookBody({ hook_type: 'PreToolUse', agent_id: 'b' }),
      hookBody({ hook_type: 'SessionStart', agent_id: 'a' }),
    ]);
    const sid = results.map((r) => r.stream_id);
    await urgent.until((p) => p.events().length >= 3, 'urgent events');
    await agentB.until((p) => p.events().length >= 2, 'agent b events');
    await sleep(30);
    expect(ids(urgent.events())).toEqual([sid[0], sid[2], sid[3]]);
    expect(urgent.events().every((e) => e.priority <= 3)).toBe(true);
    expect(ids(agentB.events())).toEqual([sid[1], sid[2]]);
  });

  it('a bad query filter is an error frame on an open socket; a subscribe message then fixes it', async () => {
    const { open, post } = await start();
    const p = await open('hook_types=PreToolUse,Bogus');
    const err = await p.nth('error');
    expect(err).toMatchObject({ type: 'error', code: 'HOOKS_ERR_UNKNOWN_HOOK_TYPE' });
    expect(String(err.message)).toContain('Bogus');
    expect(p.ofType('subscribed')).toHaveLength(0);
    for (const q of ['min_priority=0', 'since=yesterday', 'hook_type=Stop']) {
      const bad = await open(q);
      expect((await bad.nth('error')).code, q).toMatch(/^HOOKS_ERR_/);
      expect(bad.ws.readyState).toBe(WebSocket.OPEN);
    }
    p.send({ type: 'subscribe', filters: { hook_types: ['Stop'] } });
    await p.nth('subscribed');
    const [stop] = await post([hookBody({ hook_type: 'Stop' }), hookBody({ hook_type: 'PreToolUse' })]);
    await p.until((x) => x.events().length === 1, 'the Stop event');
    expect(p.events()[0]?.id).toBe(stop?.stream_id);
  });

  it('a subscribe message replaces the filters; a bad one leaves the subscription as it was', async () => {
    const { open, post } = await start();
    const p = await open('hook_types=PreToolUse');
    await p.nth('subscribed');
    p.send('not json');
    expect((await p.nth('error')).code).toBe('HOOKS_ERR_BAD_JSON');
    p.send({ type: 'subscribe', filters: { min_priority: 99 } });
    expect((await p.nth('error', 2)).code).toBe('HOOKS_ERR_VALIDATION');
    const [pre1] = await post([hookBody({ hook_type: 'PreToolUse' })]);
    await p.until((x) => x.events().length === 1, 'PreToolUse under the first filters');
    p.send({ type: 'subscribe', filters: { agent_ids: ['z'], hook_types: ['Error'] } });
    const second = await p.nth('subscribed', 2);
    expect(second.filters).toEqual({ agent_ids: ['z'], hook_types: ['Error'] });
    const [, errZ] = await post([
      hookBody({ hook_type: 'PreToolUse', agent_id: 'z' }),
      hookBody({ hook_type: 'Error', agent_id: 'z' }),
      hookBody({ hook_type: 'Error', agent_id: 'y' }),
    ]);
    await p.until((x) => x.events().length === 2, 'the Error of z');
    await sleep(30);
    expect(ids(p.events())).toEqual([pre1?.stream_id, errZ?.stream_id]);
  });
});

describe('GET /hooks/stream resume', () => {
  it('reconnecting with since gets exactly the missed events, then live ones, recovered: true', async () => {
    const { open, post } = await start();
    const first = await open('agent_ids=a');
    await first.nth('subscribed');
    const batch1 = await post(Array.from({ length: 5 }, (_, i) => hookBody({ agent_id: i % 2 ? 'b' : 'a', payload: { i } })));
    await first.until((p) => p.events().length === 3, 'first three');
    const lastSeen = first.events().at(-1)?.id as string;
    await first.close();
    const missed = await post(Array.from({ length: 40 }, (_, i) => hookBody({ agent_id: i % 4 ? 'a' : 'b', payload: { i } })));
    const back = await open(`agent_ids=a&since=${lastSeen}`);
    const sub = await back.nth('subscribed');
    const wantMissed = missed.filter((_, i) => i % 4 !== 0).map((r) => r.stream_id);
    expect(sub).toMatchObject({ recovered: true, last_id: wantMissed.at(-1) });
    const live = await post([hookBody({ agent_id: 'a' }), hookBody({ agent_id: 'b' }), hookBody({ agent_id: 'a' })]);
    const want = [...wantMissed, live[0]?.stream_id, live[2]?.stream_id];
    await back.until((p) => p.events().length >= want.length, 'missed + live');
    await sleep(30);
    expect(ids(back.events())).toEqual(want);
    const got = ids(back.events());
    for (let i = 1; i < got.length; i++) expect(compareStreamIds(got[i], got[i - 1])).toBeGreaterThan(0);
    expect(new Set(got).size).toBe(got.length);
    expect(batch1).toHaveLength(5);
  });

  it('a since older than retained history answers recovered: false and replays what is left', async () => {
    const { open, post } = await start({ HOOK_MEMORY_MAX_EVENTS: 10 });
    const results = await post(Array.from({ length: 30 }, (_, i) => hookBody({ payload: { i } })));
    const p = await open(`since=${results[3]?.stream_id}`);
    const sub = await p.nth('subscribed');
    expect(sub).toMatchObject({ recovered: false, last_id: results[29]?.stream_id });
    expect(ids(p.events())).toEqual(results.slice(20).map((r) => r.stream_id));
  });

  it('a since after the newest id (a reset store, or not ours) answers recovered: false, synced to the top', async () => {
    const { open, post } = await start();
    const results = await post([hookBody(), hookBody()]);
    const p = await open(`since=${Date.now() + 3_600_000}-0`);
    const sub = await p.nth('subscribed');
    expect(sub).toMatchObject({ recovered: false, last_id: results[1]?.stream_id, epoch: expect.any(String) });
    // It still gets what comes next: nothing is skipped because of the odd since.
    const later = await post([hookBody()]);
    await p.until((x) => x.events().length === 1, 'the live event');
    expect(ids(p.events())).toEqual([later[0]?.stream_id]);
    // With the epoch it was given, the same client resumes exactly; with another one it is told history was lost.
    const again = await open(`since=${later[0]?.stream_id}&epoch=${sub.epoch}`);
    expect(await again.nth('subscribed')).toMatchObject({ recovered: true });
    const other = await open(`since=${later[0]?.stream_id}&epoch=not-this-one`);
    expect(await other.nth('subscribed')).toMatchObject({ recovered: false });
  });
});

describe('one hostile event costs nobody else anything', () => {
  it('a 5000-deep payload posted while clients are connected: the process lives, every client gets every event', async () => {
    const { open, post, app } = await start();
    const a = await open();
    const b = await open('since=0-0');
    await a.nth('subscribed');
    await b.nth('subscribed');
    const deep = '{"hook_type":"Notification","agent_id":"x","payload":{"x":' + '['.repeat(5000) + ']'.repeat(5000) + '}}';
    const res = await app.inject({ method: 'POST', url: '/hooks', payload: deep, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    const after = await post([hookBody()]);
    for (const p of [a, b]) {
      await p.until((x) => x.events().length === 2, 'both events');
      expect(p.events()[0]?.sanitized).toMatchObject({ depth_truncated: 1 });
      expect(ids(p.events())[1]).toBe(after[0]?.stream_id);
    }
    const hist = await app.inject({ url: '/hooks/events?last=10' });
    expect(hist.statusCode).toBe(200);
    expect(hist.json().events).toHaveLength(2);
  });
});

describe('GET /hooks/stream limits and lifecycle', () => {
  it('closes a client that stops reading with 4008 while others keep up; server buffers stay bounded', async () => {
    const budget = 256 * 1024;
    const { app, urls, open, post } = await start({ HOOK_WS_MAX_BUFFER_BYTES: budget, HOOK_MEMORY_MAX_EVENTS: 1000 });
    const slow = await open();
    await slow.nth('subscribed');
    // The healthy reader only counts, so the test process's own memory stays out of the measurement.
    const healthy = new WebSocket(urls.ws());
    let received = 0;
    let lastId = '0-0';
    let orderOk = true;
    healthy.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      for (const e of frame.events ?? []) {
        if (compareStreamIds(e.id, lastId) <= 0) orderOk = false;
        lastId = e.id;
        received++;
      }
    });
    await new Promise((r) => healthy.once('open', r));
    const pad = 'x'.repeat(2000);
    const batch = (n: number) => Array.from({ length: 100 }, (_, i) => hookBody({ payload: { pad, n, i } }));
    for (let n = 0; n < 10; n++) await post(batch(n)); // fill the store's ring so its own memory is flat
    const until = async (check: () => boolean, what: string) => {
      for (const deadline = Date.now() + 20_000; !check(); await sleep(5)) if (Date.now() > deadline) throw new Error(what);
    };
    await until(() => received === 1000, 'warm-up events');
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const mem = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    // One sample can catch socket buffers and frames in flight (± 2 MB on a loaded machine): the least of a few,
    // a moment apart, is what the process holds.
    const settled = async () => {
      let least = Infinity;
      for (let i = 0; i < 5; i++, await sleep(10)) least = Math.min(least, mem());
      return least;
    };
    const before = await settled();
    let maxQueued = 0;
    const sampler = setInterval(() => {
      for (const c of app.websocketServer.clients) maxQueued = Math.max(maxQueued, c.bufferedAmount);
    }, 1);
    const total = 50;
    for (let n = 10; n < 10 + total; n++) {
      await post(batch(n));
      await sleep(1);
    }
    await until(() => received === 1000 + total * 100, 'all events on the healthy client');
    clearInterval(sampler);
    const grown = (await settled()) - before;
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/hooks_ws_slow_consumer_closes_total 1/);
    expect(orderOk).toBe(true);
    // 5000 events x ~2.2 KB = ~11 MB went to a client that read none of it; the server held at most its budget.
    expect(maxQueued).toBeLessThanOrEqual(budget + 64 * 1024);
    expect(grown).toBeLessThan(4 * 1024 * 1024);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await slow.closed).toEqual({ code: 4008, reason: 'slow consumer' });
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    healthy.terminate();
  });

  it('over HOOK_WS_MAX_CONNECTIONS a client is closed with 1013', async () => {
    const { open } = await start({ HOOK_WS_MAX_CONNECTIONS: 2 });
    await open();
    await open();
    const third = await open();
    expect(await third.closed).toMatchObject({ code: 1013, reason: expect.stringContaining('connection limit') });
  });

  it('a client that does not answer pings is terminated after two missed pongs', async () => {
    const { open } = await start({ HOOK_WS_PING_INTERVAL_MS: 100 });
    const mute = await open('', { autoPong: false });
    const ok = await open();
    const t0 = Date.now();
    const { code } = await mute.closed;
    expect(code).toBe(1006); // terminated: no close frame
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150); // two ping intervals, give or take where the timer stood
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(ok.closeCode).toBeNull();
  });

  it('app.close() closes every socket with 1001 and does not hang', async () => {
    const { app, open } = await start();
    const a = await open();
    const b = await open('hook_types=Stop');
    await a.nth('subscribed');
    const t0 = Date.now();
    await app.close();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await a.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect((await b.closed).code).toBe(1001);
  });

  it('SIGTERM on the real service closes stream clients with 1001 and exits 0', async () => {
    const service = await spawnService({ LOG_LEVEL: 'warn' });
    try {
      const p = harness.track(await StreamProbe.open(`${service.url.replace('http', 'ws')}/hooks/stream`));
      await p.nth('subscribed');
      const exit = service.kill('SIGTERM');
      expect(await p.closed).toEqual({ code: 1001, reason: 'server shutting down' });
      expect(await exit).toBe(0);
    } finally {
      await service.kill('SIGKILL');
    }
  });

  it('a plain GET (no upgrade) is a 426 in the error shape', async () => {
    const { app } = await start();
    const res = await app.inject({ url: '/hooks/stream' });
    expect(res.statusCode).toBe(426);
    expect(res.json()).toMatchObject({ code: 'HOOKS_ERR_UPGRADE_REQUIRED', statusCode: 426 });
  });

  it('exposes the stream metrics', async () => {
    const { app, open, post } = await start();
    const p = await open('hook_types=Stop');
    await p.nth('subscribed');
    await post([hookBody({ hook_type: 'Stop' }), hookBody({ hook_type: 'PreToolUse' })]);
    await p.until((x) => x.events().length === 1, 'one event');
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/^hooks_ws_connections 1$/m);
    expect(text).toMatch(/^hooks_ws_messages_sent_total 2$/m); // subscribed + one hook_events
    expect(text).toMatch(/^hooks_ws_bytes_sent_total \d+/m);
    expect(text).toMatch(/^hooks_ws_events_filtered_total 1$/m);
    expect(text).toMatch(/^hooks_ws_fanout_lag_seconds_count 1$/m);
  });
});

describe('GET /hooks/stream auth', () => {
  it('refuses the upgrade with 401 without a valid token; accepts the header or ?token=', async () => {
    const { open } = await start({ HOOK_AUTH_TOKENS: 'tok-1' });
    await expect(open()).rejects.toMatchObject({ statusCode: 401 });
    await expect(open('token=wrong')).rejects.toMatchObject({ statusCode: 401 });
    await expect(open('', { headers: { authorization: 'Bearer nope' } })).rejects.toMatchObject({ statusCode: 401 });
    const viaQuery = await open('token=tok-1&hook_types=Stop');
    expect(await viaQuery.nth('subscribed')).toMatchObject({ filters: { hook_types: ['Stop'] } });
    const viaHeader = await open('', { headers: { authorization: 'Bearer tok-1' } });
    await viaHeader.nth('subscribed');
  });

  it('a browser offers its token as a subprotocol (never in the URL); the server picks `hookhive`', async () => {
    const { urls } = await start({ HOOK_AUTH_TOKENS: 'tok-1' });
    const bearer = (t: string) => ['hookhive', `hookhive.bearer.${Buffer.from(t).toString('base64url')}`];
    const probe = harness.track(await StreamProbe.open(urls.ws(), {}, bearer('tok-1')));
    expect(probe.ws.protocol).toBe('hookhive');
    await probe.nth('subscribed');
    await expect(StreamProbe.open(urls.ws(), {}, bearer('nope'))).rejects.toMatchObject({ statusCode: 401 });
  });
});
