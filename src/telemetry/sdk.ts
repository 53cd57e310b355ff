// The OpenTelemetry side, loaded only when an OTLP endpoint is configured: one provider per exporter, one span per tool call.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { ToolCall } from '../aggregation/types.js';
import type { TelemetryLog, ToolCallExporter } from './types.js';
import type { OtelSettings } from './settings.js';

// The GenAI names are copied rather than imported: semantic-conventions keeps them in its `incubating` entry
// point, which its README says not to depend on at run time (breaking changes in minor releases).
const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
const GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
const GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
const GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
const GEN_AI_AGENT_ID = 'gen_ai.agent.id';
const EXECUTE_TOOL = 'execute_tool';

/** Longest status message kept: a tool's error text can be a whole stack trace. */
const MAX_STATUS_MESSAGE = 512;

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];
/** ExportResultCode.SUCCESS of @opentelemetry/core, which this package does not depend on directly. */
const EXPORT_SUCCESS = 0 as ExportResult['code'];

/** Epoch milliseconds as HrTime: a bare number below performance.timeOrigin / 2 would be read as performance.now(). */
function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/** Why the span is an error: a deny, a failed tool, or a call that never finished; undefined for the rest. */
function failureOf(call: ToolCall): { type: string; message: string } | undefined {
  if (call.decision === 'deny') return { type: 'denied', message: `denied by hookhive (risk ${call.risk})` };
  if (call.outcome === 'error') return { type: 'tool_error', message: (call.error ?? 'the tool call failed').slice(0, MAX_STATUS_MESSAGE) };
  if (call.outcome === 'unfinished') return { type: 'unfinished', message: 'no PostToolUse arrived before the time-out' };
  return undefined;
}

function attributesOf(call: ToolCall): Attributes {
  const attributes: Attributes = {
    [GEN_AI_OPERATION_NAME]: EXECUTE_TOOL,
    [GEN_AI_TOOL_NAME]: call.tool_name,
    [GEN_AI_TOOL_CALL_ID]: call.call_id,
    [GEN_AI_AGENT_ID]: call.agent_id,
    'hookhive.decision': call.decision,
    'hookhive.risk': call.risk,
    'hookhive.outcome': call.outcome,
  };
  if (call.session_id !== null) attributes[GEN_AI_CONVERSATION_ID] = call.session_id;
  return attributes;
}

/** The OTLP exporter wrapped so that a failing collector is logged through the app's logger, once per outage. */
function reporting(inner: SpanExporter, log: TelemetryLog | undefined): SpanExporter {
  let failing = false;
  return {
    export(spans, done) {
      inner.export(spans, (result) => {
        if (result.code !== EXPORT_SUCCESS && !failing) {
          failing = true;
          log?.warn({ component: 'otel', err: result.error, spans: spans.length }, 'OTLP span export failed; spans are dropped until the collector answers');
        } else if (result.code === EXPORT_SUCCESS && failing) {
          failing = false;
          log?.info({ component: 'otel' }, 'OTLP span export works again');
        }
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

async function otlpExporter(settings: OtelSettings): Promise<SpanExporter> {
  // Only the chosen encoding's package loads: the JSON one has no protobuf writer to pay for, and vice versa.
  const { OTLPTraceExporter } =
    settings.protocol === 'http/json'
      ? await import('@opentelemetry/exporter-trace-otlp-http')
      : await import('@opentelemetry/exporter-trace-otlp-proto');
  type Config = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>;
  // Everything is passed explicitly, so the env the caller gave wins over process.env, which the exporter also reads.
  return new OTLPTraceExporter({
    url: settings.url,
    headers: settings.headers,
    timeoutMillis: settings.timeoutMillis,
    compression: settings.compression as Config['compression'],
  });
}

/** Starts a provider for `settings` and returns the exporter facade; `createToolCallExporter` is the way in. */
export async function startToolCallSdk(settings: OtelSettings, shutdownTimeoutMs: number, log?: TelemetryLog): Promise<ToolCallExporter> {
  const resource = defaultResource()
    .merge(resourceFromAttributes(settings.resourceAttributes))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }));
  const processor = new BatchSpanProcessor({ exporter: reporting(await otlpExporter(settings), log), ...settings.batch });
  const provider = new TracerProvider({ resource, spanProcessors: [processor] });
  const tracer = provider.getTracer('hookhive');
  let recordFailed = false;
  let stopping: Promise<void> | undefined;

  return {
    record(call) {
      if (stopping) return;
      try {
        if (!Number.isFinite(call.start_ms) || !Number.isFinite(call.end_ms)) throw new Error('a tool call without finite start_ms/end_ms');
        // ROOT_CONTEXT: each call is its own trace, never a child of whatever span an embedding app has active.
        const span = tracer.startSpan(
          `${EXECUTE_TOOL} ${call.tool_name}`,
          { kind: SpanKind.INTERNAL, startTime: hrTime(call.start_ms), attributes: attributesOf(call) },
          ROOT_CONTEXT,
        );
        const failure = failureOf(call);
        if (failure) {
          span.setAttribute(ATTR_ERROR_TYPE, failure.type);
          span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
        }
        span.end(hrTime(Math.max(call.end_ms, call.start_ms)));
      } catch (err) {
        // Telemetry must never break the hook path; one line is enough to notice, a line per call would flood.
        if (!recordFailed) log?.warn({ component: 'otel', err, callId: call?.call_id }, 'could not record a tool call span; later failures are not logged');
        recordFailed = true;
      }
    },
    shutdown() {
      stopping ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), shutdownTimeoutMs);
        });
        const done = (async () => {
          // A failed flush was already reported by `reporting`; stopping goes on regardless, so no timer outlives the app.
          await provider.forceFlush({ timeoutMillis: shutdownTimeoutMs }).catch(() => undefined);
          await provider.shutdown().catch((err: unknown) => {
            log?.warn({ component: 'otel', err }, 'OpenTelemetry shutdown failed; queued spans may be lost');
          });
          return 'done' as const;
        })();
        const result = await Promise.race([done, timedOut]);
        clearTimeout(timer);
        if (result === 'timeout') log?.warn({ component: 'otel', timeoutMs: shutdownTimeoutMs }, 'OpenTelemetry shutdown timed out; queued spans are dropped');
      })();
      return stopping;
    },
  };
}
