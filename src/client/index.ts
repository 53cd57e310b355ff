// The TypeScript client for agents and orchestrators: `import { HookClient } from 'hookhive/client'`.
import { randomUUID } from 'node:crypto';
import { Batcher, type FlushResult } from './batcher.js';
import { instrumentObject } from './instrument.js';
import { HookClientError, Transport } from './transport.js';
import type {
  CallOptions,
  HookClientOptions,
  HookContext,
  HookType,
  InstrumentOptions,
  Instrumented,
  JsonObject,
  NotificationArgs,
  PostToolUseArgs,
  PreToolUseArgs,
  ProcessingResult,
  SendArgs,
  StopArgs,
} from './types.js';

export { HookClientError } from './transport.js';
export type { FlushResult } from './batcher.js';
export type * from './types.js';

/** Events whose answer the caller acts on: never queued, whatever the batching. */
const DECISION_TYPES: ReadonlySet<HookType> = new Set<HookType>(['PreToolUse', 'PermissionRequest']);

function errorPayload(err: unknown): JsonObject {
  return err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { message: String(err) };
}

export class HookClient {
  private readonly transport: Transport;
  private readonly batcher: Batcher | undefined;
  private closed = false;

  constructor(private readonly opts: HookClientOptions) {
    if (typeof opts?.baseUrl !== 'string' || opts.baseUrl === '') throw new TypeError('HookClient: baseUrl is required');
    this.transport = new Transport(opts);
    if (opts.batch) this.batcher = new Batcher(this.transport, opts.batch === true ? {} : opts.batch);
  }

  /**
   * Posts one event of any type. Every post carries an event_id made here and kept across retries, so a
   * retry is never stored twice. With batching on, an event that carries no decision is queued and the
   * promise settles when its batch was sent.
   */
  async send(args: SendArgs): Promise<ProcessingResult> {
    const body = this.envelope(args);
    if (this.closed) throw new HookClientError('HookClient: closed', undefined, 'HOOKS_CLIENT_CLOSED');
    if (this.batcher && !DECISION_TYPES.has(args.hookType)) return this.batcher.enqueue(body);
    return (await this.transport.post('/hooks', body)) as ProcessingResult;
  }

  /** Asks before a tool runs; the answer's `decision` is `allow`, `ask` or `deny`. Never batched. */
  preToolUse({ toolName, parameters, ...o }: PreToolUseArgs): Promise<ProcessingResult> {
    return this.send({ ...o, hookType: 'PreToolUse', payload: { tool_name: toolName, tool_input: parameters } });
  }

  /** Reports a tool's outcome: `PostToolUse`, or `PostToolUseFailure` when `success` is false. */
  postToolUse({ toolName, success, result, executionTimeMs, parameters, ...o }: PostToolUseArgs): Promise<ProcessingResult> {
    const payload: JsonObject = { tool_name: toolName, success };
    if (parameters !== undefined) payload.tool_input = parameters;
    if (result !== undefined) payload.tool_response = result;
    if (executionTimeMs !== undefined) payload.execution_time_ms = executionTimeMs;
    return this.send({ ...o, hookType: success ? 'PostToolUse' : 'PostToolUseFailure', payload });
  }

  stop({ reason, details, ...o }: StopArgs): Promise<ProcessingResult> {
    return this.send({ ...o, hookType: 'Stop', payload: details === undefined ? { reason } : { reason, details } });
  }

  notification({ level, message, details, ...o }: NotificationArgs): Promise<ProcessingResult> {
    const payload: JsonObject = { level, message };
    if (details !== undefined) payload.details = details;
    return this.send({ ...o, hookType: 'Notification', payload });
  }

  /**
   * Runs `fn` between an AgentStart and an AgentStop sharing one correlation id; the AgentStop carries the
   * duration and what `ctx.setResult` was given. When `fn` throws, an Error event precedes the AgentStop and
   * the error is rethrown. These events are sent at once even with batching, so that a dashboard sees an
   * operation start when it starts, and a service that cannot be reached stops the work before it begins.
   */
  async hookContext<T>(operation: string, agentId: string | undefined, fn: (ctx: HookContext) => Promise<T> | T): Promise<T> {
    const agent = this.agentOf(agentId);
    const correlationId = randomUUID();
    const o: CallOptions = { agentId: agent, correlationId };
    const direct = (hookType: HookType, payload: JsonObject) =>
      this.transport.post('/hooks', this.envelope({ ...o, hookType, payload }));
    let result: unknown;
    let resultSet = false;
    const ctx: HookContext = {
      operation,
      agentId: agent,
      correlationId,
      setResult(value: unknown) {
        result = value;
        resultSet = true;
      },
    };
    if (this.closed) throw new HookClientError('HookClient: closed', undefined, 'HOOKS_CLIENT_CLOSED');
    await direct('AgentStart', { operation });
    const started = performance.now();
    let value: T;
    try {
      value = await fn(ctx);
    } catch (err) {
      const duration_ms = Math.round(performance.now() - started);
      // The operation's own error is what the caller needs; failing to report it must not replace it.
      await direct('Error', { operation, error: errorPayload(err) }).catch(() => undefined);
      await direct('AgentStop', { operation, success: false, duration_ms }).catch(() => undefined);
      throw err;
    }
    const stop: JsonObject = { operation, success: true, duration_ms: Math.round(performance.now() - started) };
    if (resultSet) stop.result = result;
    await direct('AgentStop', stop);
    return value;
  }

  /**
   * Wraps an orchestrator's methods (its own and its prototypes', not `constructor`) in `hookContext`,
   * the method name being the operation. Methods run with the original object as `this`.
   */
  instrument<T extends object, K extends keyof T & string = keyof T & string>(
    orchestrator: T,
    options: InstrumentOptions<K> = {},
  ): Instrumented<T, K> {
    return instrumentObject(orchestrator, options, (operation, agentId, fn) => this.hookContext(operation, agentId, fn));
  }

  /** Sends what batching has queued; resolves once it was sent (each call's promise has its own outcome). */
  flush(): Promise<FlushResult> {
    return this.batcher ? this.batcher.flush() : Promise.resolve({ sent: 0, failed: 0 });
  }

  /** Flushes, stops the flush timer and refuses further calls. */
  async close(): Promise<FlushResult> {
    this.closed = true;
    this.batcher?.stop();
    return this.flush();
  }

  private agentOf(agentId: string | undefined): string {
    const agent = agentId ?? this.opts.agentId;
    if (typeof agent !== 'string' || agent === '') {
      throw new TypeError('HookClient: no agentId: pass one in the call or as a default in the constructor');
    }
    return agent;
  }

  private envelope({ hookType, payload, agentId, sessionId, priority, correlationId, metadata, eventId }: SendArgs): JsonObject {
    const body: JsonObject = {
      hook_type: hookType,
      agent_id: this.agentOf(agentId),
      payload,
      event_id: eventId ?? randomUUID(),
      timestamp: new Date().toISOString(),
    };
    const session = sessionId ?? this.opts.sessionId;
    if (session !== undefined) body.session_id = session;
    if (priority !== undefined) body.priority = priority;
    if (correlationId !== undefined) body.correlation_id = correlationId;
    if (metadata !== undefined) body.metadata = metadata;
    return body;
  }
}
