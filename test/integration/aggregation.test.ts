// The aggregator end to end: tool calls posted over HTTP become window summaries whose counts add up, stored once, raw events kept.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { StreamHarness, sleep } from '../helpers/ws.js';
import { claudeBody, makeApp } from '../helpers/app.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { Redis } from 'ioredis';
import { redisKeys } from '../../src/store/redis-keys.js';
import { fileRedis, startRedis, uniquePrefix } from '../helpers/redis.js';
import type { Config } from '../../src/config.js';

const redis = fileRedis();
const harness = new StreamHarness();
afterEach(() => harness.cleanup());

const WINDOW_MS = 200;

interface Usage {
  count: number;
  success_count: number;
  error_count: number;
  unfinished_count: number;
  avg_duration_ms: number | null;
}
interface Aggregate {
  id: string;
  key: string;
  agent_id: string;
  event_count: number;
  hook_types: Record<string, number>;
  tool_usage: Record<string, Usage>;
  decisions: Record<string, number>;
}

/** 12 tool calls by one agent: 8 Bash (2 fail) and 4 Edit (1 fails), each a PreToolUse then its PostToolUse. */
function calls(session: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 12; i++) {
    const bash = i < 8;
    const id = `toolu_${session}_${i}`;
    const base = bash
      ? claudeBody(`npm run test -- --shard=${i}`, { session_id: session, agent_id: 'agg-agent', tool_use_id: id })
      : claudeBody('', { session_id: session, agent_id: 'agg-agent', tool_use_id: id, tool_name: 'Edit', tool_input: { file_path: `/home/dev/project/src/f${i}.ts`, old_string: 'a', new_string: 'b' } });
    out.push(base);
    // 12 PostToolUse: the payload says which failed (a non-zero exit code, an error in the tool response, success: false).
    const response =
      i === 1 ? { stdout: '', stderr: 'boom', exit_code: 1 }
        : i === 5 ? { stdout: '', error: 'Command timed out after 120000ms' }
          : i === 9 ? { success: false, filePath: `/home/dev/project/src/f${i}.ts` }
            : bash ? { stdout: 'ok', exit_code: 0 } : { success: true };
    out.push({ ...base, hook_event_name: 'PostToolUse', tool_response: response });
  }
  return out;
}

async function postAll(app: FastifyInstance, bodies: Record<string, unknown>[]): Promise<void> {
  for (const body of bodies) {
    const res = await app.inject({ method: 'POST', url: '/hooks/claude', payload: body });
    expect(res.statusCode).toBe(200);
  }
}

/** Every summary of the agent, once the ones covering `events` events have all been stored (bounded wait). */
async function summaries(app: FastifyInstance, events: number): Promise<Aggregate[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = (await app.inject({ url: '/hooks/aggregates?agent_id=agg-agent&limit=1000' })).json().aggregates as Aggregate[];
    if (got.reduce((n, a) => n + a.event_count, 0) >= events || Date.now() > deadline) return got;
    await sleep(50);
  }
}

function totals(list: Aggregate[]) {
  const tool = (name: string) =>
    list.reduce(
      (t, a) => {
        const u = a.tool_usage[name];
        return u ? { count: t.count + u.count, success: t.success + u.success_count, error: t.error + u.error_count } : t;
      },
      { count: 0, success: 0, error: 0 },
    );
  const sum = (pick: (a: Aggregate) => number) => list.reduce((n, a) => n + pick(a), 0);
  return {
    events: sum((a) => a.event_count),
    pre: sum((a) => a.hook_types.PreToolUse ?? 0),
    post: sum((a) => a.hook_types.PostToolUse ?? 0),
    failure: sum((a) => a.hook_types.PostToolUseFailure ?? 0),
    allow: sum((a) => a.decisions.allow),
    bash: tool('Bash'),
    edit: tool('Edit'),
  };
}

const STORES: [string, () => Partial<Config>][] = [
  ['memory', () => ({})],
  ['redis', () => ({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: uniquePrefix('agg') })],
];

describe.each(STORES)('aggregation on the %s store', (_name, storeConfig) => {
  it('12 tool calls by one agent become summaries whose counts add up exactly; every raw event stays', async () => {
    const { app } = await harness.start({ ...storeConfig(), HOOK_FLUSH_INTERVAL_MS: WINDOW_MS });
    const bodies = calls('s-one');
    await postAll(app, bodies);
    const list = await summaries(app, bodies.length);
    expect(totals(list)).toEqual({
      events: 24, pre: 12, post: 12, failure: 0, allow: 24,
      bash: { count: 8, success: 6, error: 2 },
      edit: { count: 4, success: 3, error: 1 },
    });
    // Keys are unique: no window was stored twice.
    expect(new Set(list.map((a) => a.key)).size).toBe(list.length);
    // Paired calls have durations.
    expect(list.some((a) => typeof a.tool_usage.Bash?.avg_duration_ms === 'number')).toBe(true);
    const raw = (await app.inject({ url: '/hooks/events?agent_id=agg-agent&limit=1000' })).json().events;
    expect(raw).toHaveLength(24);
  });

  it('a stream client that asks with aggregates=true gets raw events and aggregate frames; one that does not, raw events only', async () => {
    const { app, open } = await harness.start({ ...storeConfig(), HOOK_FLUSH_INTERVAL_MS: WINDOW_MS });
    const withAggregates = await open('aggregates=true&agent_ids=agg-agent');
    const plain = await open('agent_ids=agg-agent');
    const otherAgent = await open('aggregates=true&agent_ids=someone-else');
    const viaMessage = await open();
    viaMessage.send({ type: 'subscribe', filters: { agent_ids: ['agg-agent'], aggregates: true } });
    expect((await withAggregates.nth('subscribed')).filters).toEqual({ agent_ids: ['agg-agent'], aggregates: true });
    await plain.nth('subscribed');
    await otherAgent.nth('subscribed');
    // The message may replace the connection's own subscription before that one answered: wait for its answer.
    await viaMessage.until((p) => p.ofType('subscribed').some((f) => (f.filters as { aggregates?: boolean }).aggregates === true), 'the subscribe message answered');
    const bodies = calls('s-stream');
    await postAll(app, bodies);
    const counted = (p: typeof plain) => p.ofType('aggregates').flatMap((f) => f.aggregates as Aggregate[]).reduce((n, a) => n + a.event_count, 0);
    await withAggregates.until((p) => counted(p) >= 24 && p.events().length >= 24, 'all raw events and summaries covering them', 10_000);
    await viaMessage.until((p) => counted(p) >= 24, 'summaries through a subscribe message', 10_000);
    await plain.until((p) => p.events().length >= 24, 'all raw events');
    const streamed = withAggregates.ofType('aggregates').flatMap((f) => f.aggregates as Aggregate[]);
    expect(totals(streamed).bash).toEqual({ count: 8, success: 6, error: 2 });
    expect(streamed.every((a) => typeof a.id === 'string' && a.agent_id === 'agg-agent')).toBe(true);
    // The stored summaries are the ones streamed.
    const stored = await summaries(app, 24);
    expect(streamed.map((a) => a.id).sort()).toEqual(stored.map((a) => a.id).sort());
    await sleep(WINDOW_MS * 2);
    expect(plain.ofType('aggregates')).toHaveLength(0);
    expect(otherAgent.ofType('aggregates')).toHaveLength(0);
  });
});

describe('aggregation at shutdown', () => {
  it('closing the service summarizes the open windows (marked partial) and stores them before Redis is let go', async () => {
    const prefix = uniquePrefix('aggclose');
    const app = await makeApp({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix, HOOK_FLUSH_INTERVAL_MS: 60_000 });
    await postAll(app, calls('s-close').slice(0, 6));
    await app.close();
    const raw = new Redis(redis.url);
    try {
      const entries = await raw.xrange(redisKeys(prefix).aggregates, '-', '+');
      const stored = entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('json') + 1]) as Aggregate & { partial?: boolean });
      expect(stored.map((a) => [a.agent_id, a.event_count, a.partial])).toEqual([['agg-agent', 6, true]]);
    } finally {
      raw.disconnect();
    }
  });
});

describe('aggregates while Redis is away', () => {
  it('GET /hooks/aggregates answers 503 with Retry-After in the error shape, and decision events still get their 200', async () => {
    const own = await startRedis({ appendonly: false });
    try {
      const { app } = await harness.start({ REDIS_URL: own.url, HOOK_STREAM_PREFIX: uniquePrefix('aggdown'), HOOK_FLUSH_INTERVAL_MS: WINDOW_MS });
      expect((await app.inject({ url: '/hooks/aggregates' })).statusCode).toBe(200);
      await own.kill();
      const res = await app.inject({ url: '/hooks/aggregates' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.json()).toMatchObject({ code: 'HOOKS_ERR_STORE_UNAVAILABLE' });
      const decision = await app.inject({ method: 'POST', url: '/hooks/claude', payload: claudeBody('rm -rf /', { tool_use_id: 'toolu_down' }) });
      expect(decision.statusCode).toBe(200);
      expect(decision.json().hookSpecificOutput.permissionDecision).toBe('deny');
    } finally {
      await own.stop();
    }
  });
});

describe('aggregation across two instances on one Redis', () => {
  it('each window is summarized once, whichever instance the events went to', async () => {
    const prefix = uniquePrefix('agg2');
    const a = await harness.start({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix, HOOK_FLUSH_INTERVAL_MS: WINDOW_MS });
    const b = await harness.start({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix, HOOK_FLUSH_INTERVAL_MS: WINDOW_MS });
    const bodies = calls('s-two');
    // Alternate instances: both see every event through the shared stream and both summarize every window.
    for (let i = 0; i < bodies.length; i++) await postAll(i % 2 ? b.app : a.app, [bodies[i]]);
    const list = await summaries(a.app, bodies.length);
    expect(totals(list).events).toBe(24);
    expect(totals(list).bash).toEqual({ count: 8, success: 6, error: 2 });
    expect(new Set(list.map((x) => x.key)).size).toBe(list.length);
    const fromB = (await b.app.inject({ url: '/hooks/aggregates?agent_id=agg-agent&limit=1000' })).json().aggregates as Aggregate[];
    expect(fromB.map((x) => x.id)).toEqual(list.map((x) => x.id));
    // Both instances closed every window; one stored each and the other found it stored.
    const metric = async (app: FastifyInstance, result: string) =>
      Number(new RegExp(`hooks_aggregates_total\\{result="${result}"\\} (\\d+)`).exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
    await sleep(WINDOW_MS * 3);
    const stored = (await metric(a.app, 'stored')) + (await metric(b.app, 'stored'));
    const duplicate = (await metric(a.app, 'duplicate')) + (await metric(b.app, 'duplicate'));
    expect(stored).toBe(list.length);
    expect(duplicate).toBe(list.length);
  });
});

describe('tool calls as OpenTelemetry spans, through the whole service', () => {
  it('a PreToolUse and its PostToolUse posted to /hooks/claude reach an OTLP receiver as one execute_tool span', async () => {
    const rx = await startOtlpReceiver();
    try {
      const app = await makeApp(
        { HOOK_FLUSH_INTERVAL_MS: WINDOW_MS },
        { otelEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_SERVICE_NAME: 'hookhive-it', OTEL_BSP_SCHEDULE_DELAY: '50' } },
      );
      const ok = claudeBody('git status', { session_id: 'otel-s', tool_use_id: 'toolu_otel_ok' });
      const denied = claudeBody('rm -rf /', { session_id: 'otel-s', tool_use_id: 'toolu_otel_denied' });
      await postAll(app, [ok, { ...ok, hook_event_name: 'PostToolUse', tool_response: { stdout: '', exit_code: 0 } }, denied]);
      // Closing flushes the spans: the finished call, and the denied one (it never ran: no length, error status).
      await app.close();
      const spans = rx.spans().sort((x, y) => String(x.attributes['gen_ai.tool.call.id']).localeCompare(String(y.attributes['gen_ai.tool.call.id'])));
      expect(spans.map((s) => [s.name, s.attributes['gen_ai.tool.call.id']])).toEqual([
        ['execute_tool Bash', 'toolu_otel_denied'],
        ['execute_tool Bash', 'toolu_otel_ok'],
      ]);
      expect(spans[0].attributes).toMatchObject({ 'hookhive.decision': 'deny', 'hookhive.risk': 'CRITICAL', 'hookhive.outcome': 'denied' });
      expect(spans[0].status.code).toBe(2);
      spans.shift();
      expect(spans[0].attributes).toMatchObject({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'Bash',
        'gen_ai.tool.call.id': 'toolu_otel_ok',
        'gen_ai.conversation.id': 'otel-s',
        'hookhive.decision': 'allow',
        'hookhive.outcome': 'success',
      });
      expect(spans[0].resource['service.name']).toBe('hookhive-it');
      expect(spans[0].endNs).toBeGreaterThanOrEqual(spans[0].startNs);
    } finally {
      await rx.close();
    }
  });
});
