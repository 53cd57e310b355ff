// Tool-call spans sent to a real OTLP/HTTP receiver, in JSON and protobuf; and nothing of OpenTelemetry loaded when it is off.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ToolCall } from '../../src/aggregation/types.js';
import { createToolCallExporter, type TelemetryLog, type ToolCallExporter } from '../../src/telemetry/otel.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.js';

// A fixed past time with a millisecond fraction, so exact nanoseconds can be compared.
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

const CALLS: ToolCall[] = [
  { call_id: 'toolu_ok', tool_name: 'Bash', agent_id: 'agent-1', session_id: 'sess-1', start_ms: T0, end_ms: T0 + 1234, outcome: 'success', decision: 'allow', risk: 'SAFE' },
  { call_id: 'toolu_deny', tool_name: 'Bash', agent_id: 'agent-1', session_id: 'sess-1', start_ms: T0 + 2000, end_ms: T0 + 2001, outcome: 'unfinished', decision: 'deny', risk: 'CRITICAL' },
  { call_id: 'toolu_err', tool_name: 'Read', agent_id: 'agent-2', session_id: 'sess-1', start_ms: T0 + 3000, end_ms: T0 + 3050, outcome: 'error', decision: 'allow', risk: 'LOW', error: 'ENOENT: no such file' },
  { call_id: 'toolu_open', tool_name: 'WebFetch', agent_id: 'agent-1', session_id: null, start_ms: T0 + 4000, end_ms: T0 + 64000, outcome: 'unfinished', decision: 'ask', risk: 'MEDIUM' },
];

const ns = (ms: number) => BigInt(ms) * 1_000_000n;

function captureLog() {
  const lines: { level: 'warn' | 'info'; obj: object; msg: string }[] = [];
  const log: TelemetryLog = {
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
  };
  return { log, lines, warnings: () => lines.filter((l) => l.level === 'warn').map((l) => l.msg) };
}

/** The app's logger is what the lead will pass; this only has to compile. */
const _fastifyLoggerFits = (l: FastifyBaseLogger): TelemetryLog => l;

const open: { receivers: OtlpReceiver[]; exporters: ToolCallExporter[] } = { receivers: [], exporters: [] };
afterEach(async () => {
  await Promise.all(open.exporters.splice(0).map((e) => e.shutdown()));
  await Promise.all(open.receivers.splice(0).map((r) => r.close()));
});

async function receiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  open.receivers.push(r);
  return r;
}

async function exporter(env: Record<string, string>, log?: TelemetryLog, shutdownTimeoutMs = 5000): Promise<ToolCallExporter> {
  const e = await createToolCallExporter(env, log, { shutdownTimeoutMs });
  if (!e) throw new Error('expected an exporter');
  open.exporters.push(e);
  return e;
}

function byCallId(spans: ReceivedSpan[]): Record<string, ReceivedSpan> {
  return Object.fromEntries(spans.map((s) => [String(s.attributes['gen_ai.tool.call.id']), s]));
}

/** What both encodings must carry for CALLS. */
function expectCallSpans(spans: ReceivedSpan[], serviceName: string) {
  expect(spans).toHaveLength(CALLS.length);
  const s = byCallId(spans);
  expect(s.toolu_ok).toMatchObject({
    name: 'execute_tool Bash',
    kind: 1, // INTERNAL
    startNs: ns(T0),
    endNs: ns(T0 + 1234),
    status: { code: 0 },
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'Bash',
      'gen_ai.tool.call.id': 'toolu_ok',
      'gen_ai.conversation.id': 'sess-1',
      'gen_ai.agent.id': 'agent-1',
      'hookhive.decision': 'allow',
      'hookhive.risk': 'SAFE',
      'hookhive.outcome': 'success',
    },
  });
  expect(s.toolu_ok.attributes).not.toHaveProperty('error.type');
  expect(s.toolu_deny).toMatchObject({
    name: 'execute_tool Bash',
    status: { code: 2, message: 'denied by hookhive (risk CRITICAL)' },
    attributes: { 'hookhive.decision': 'deny', 'hookhive.risk': 'CRITICAL', 'error.type': 'denied' },
  });
  expect(s.toolu_err).toMatchObject({
    name: 'execute_tool Read',
    endNs: ns(T0 + 3050),
    status: { code: 2, message: 'ENOENT: no such file' },
    attributes: { 'gen_ai.agent.id': 'agent-2', 'hookhive.outcome': 'error', 'error.type': 'tool_error' },
  });
  expect(s.toolu_open).toMatchObject({
    name: 'execute_tool WebFetch',
    status: { code: 2 },
    attributes: { 'hookhive.decision': 'ask', 'hookhive.outcome': 'unfinished', 'error.type': 'unfinished' },
  });
  // No session: the attribute is left out rather than sent empty.
  expect(s.toolu_open.attributes).not.toHaveProperty('gen_ai.conversation.id');
  for (const span of spans) expect(span.resource['service.name']).toBe(serviceName);
}

describe('tool-call spans over OTLP/HTTP', () => {
  it('http/json: spans, attributes, times, statuses, resource and headers reach the receiver', async () => {
    const rx = await receiver();
    const e = await exporter({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${rx.url}/`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'hookhive-test',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=ci,service.name=overridden',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr%20t,x-tenant=general',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=traces',
    });
    for (const call of CALLS) e.record(call);
    await e.shutdown();

    expect(rx.requests.length).toBeGreaterThan(0);
    for (const req of rx.requests) {
      expect(req).toMatchObject({ method: 'POST', path: '/v1/traces' });
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      expect(req.headers).toMatchObject({ 'x-api-key': 's3cr t', 'x-tenant': 'traces' });
    }
    const spans = rx.spans();
    expectCallSpans(spans, 'hookhive-test');
    expect(spans[0].resource['deployment.environment.name']).toBe('ci');
  });

  it('http/protobuf by default, to the traces endpoint as given', async () => {
    const rx = await receiver();
    const e = await exporter({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${rx.url}/custom/traces` });
    for (const call of CALLS) e.record(call);
    await e.shutdown();

    expect(rx.requests.length).toBeGreaterThan(0);
    for (const req of rx.requests) {
      expect(req).toMatchObject({ method: 'POST', path: '/custom/traces' });
      expect(req.headers['content-type']).toBe('application/x-protobuf');
    }
    expectCallSpans(rx.spans(), 'hookhive');
  });

  it('OTEL_EXPORTER_OTLP_COMPRESSION=gzip compresses the body', async () => {
    const rx = await receiver();
    const e = await exporter({ OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' });
    e.record(CALLS[0]);
    await e.shutdown();
    expect(rx.requests[0].headers['content-encoding']).toBe('gzip');
    expect(rx.spans().map((s) => s.name)).toEqual(['execute_tool Bash']);
  });

  it('OTEL_BSP_SCHEDULE_DELAY sets how soon a batch leaves, without a shutdown', async () => {
    const rx = await receiver();
    const e = await exporter({ OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_BSP_SCHEDULE_DELAY: '20' });
    e.record(CALLS[0]);
    // Bounded well under the 5 s default delay, so a delay that was not honoured fails here.
    await expect.poll(() => rx.requests.length, { timeout: 3000, interval: 20 }).toBeGreaterThan(0);
  });

  it('each exporter has its own provider: two apps, two receivers, no global registration', async () => {
    const [a, b] = [await receiver(), await receiver()];
    const ea = await exporter({ OTEL_EXPORTER_OTLP_ENDPOINT: a.url, OTEL_SERVICE_NAME: 'a' });
    const eb = await exporter({ OTEL_EXPORTER_OTLP_ENDPOINT: b.url, OTEL_SERVICE_NAME: 'b' });
    ea.record(CALLS[0]);
    eb.record(CALLS[2]);
    await Promise.all([ea.shutdown(), eb.shutdown()]);
    expect(a.spans().map((s) => [s.attributes['gen_ai.tool.call.id'], s.resource['service.name']])).toEqual([['toolu_ok', 'a']]);
    expect(b.spans().map((s) => [s.attributes['gen_ai.tool.call.id'], s.resource['service.name']])).toEqual([['toolu_err', 'b']]);
    // @opentelemetry/api keeps its globals (tracer provider, diag, context manager) under this symbol once one is registered.
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('opentelemetry.js.api.1')]).toBeUndefined();
  });

  it('record never throws: a malformed call is logged once and the rest still export', async () => {
    const rx = await receiver();
    const { log, warnings } = captureLog();
    const e = await exporter({ OTEL_EXPORTER_OTLP_ENDPOINT: rx.url }, log);
    const bad = { ...CALLS[0], call_id: 'bad', start_ms: Number.NaN };
    expect(() => e.record(bad)).not.toThrow();
    expect(() => e.record(null as unknown as ToolCall)).not.toThrow();
    e.record(CALLS[0]);
    await e.shutdown();
    expect(warnings()).toHaveLength(1);
    expect(rx.spans().map((s) => s.attributes['gen_ai.tool.call.id'])).toEqual(['toolu_ok']);
    // After shutdown, recording is a no-op, and shutting down again is the same promise.
    expect(() => e.record(CALLS[1])).not.toThrow();
    await e.shutdown();
    expect(rx.spans()).toHaveLength(1);
  });

  it('a receiver that is down: record and shutdown neither throw nor hang, and the failure is logged', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const { log, warnings } = captureLog();
    const e = await exporter({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '300' }, log, 1000);
    for (const call of CALLS) expect(() => e.record(call)).not.toThrow();
    await expect(e.shutdown()).resolves.toBeUndefined();
    expect(warnings().length).toBeGreaterThan(0);
  });
});

describe('off unless asked for', () => {
  it('returns undefined without an endpoint, with OTEL_SDK_DISABLED=true, or for grpc (with a warning)', async () => {
    expect(await createToolCallExporter({})).toBeUndefined();
    expect(await createToolCallExporter({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    const { log, warnings } = captureLog();
    expect(await createToolCallExporter({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, log)).toBeUndefined();
    expect(warnings().join()).toContain('grpc is not supported');
  });

  it('an SDK that fails to start is a warning and no exporter, never a failed start-up', async () => {
    vi.resetModules();
    vi.doMock('../../src/telemetry/sdk.js', () => ({ startToolCallSdk: () => Promise.reject(new Error('no such package')) }));
    try {
      const { createToolCallExporter: create } = await import('../../src/telemetry/otel.js');
      const { log, warnings } = captureLog();
      expect(await create({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, log)).toBeUndefined();
      expect(warnings()).toEqual(['OpenTelemetry could not start; no spans are exported']);
    } finally {
      vi.doUnmock('../../src/telemetry/sdk.js');
      vi.resetModules();
    }
  });

  it('loads no @opentelemetry module when off, and does once on (the control that makes the check able to fail)', () => {
    const moduleUrl = new URL('../../src/telemetry/otel.ts', import.meta.url).href;
    // The OpenTelemetry packages are CommonJS, so whatever of them loads lands in the CJS cache, even when imported from ESM.
    const script = `
      import { createRequire } from 'node:module';
      const cache = createRequire(process.cwd() + '/').cache;
      const loaded = () => Object.keys(cache).filter((k) => k.includes('/@opentelemetry/')).length;
      const { createToolCallExporter } = await import(${JSON.stringify(moduleUrl)});
      const off = await createToolCallExporter({});
      const afterOff = loaded();
      const on = await createToolCallExporter({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, undefined, { shutdownTimeoutMs: 500 });
      const afterOn = loaded();
      await on?.shutdown();
      console.log(JSON.stringify({ off: off === undefined, afterOff, on: on !== undefined, afterOn }));
    `;
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd, env, encoding: 'utf8', timeout: 20_000 });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result).toMatchObject({ off: true, afterOff: 0, on: true });
    expect(result.afterOn).toBeGreaterThan(0);
  });
});
