// The TypeScript client for agents and orchestrators: `import { HookClient } from 'hookhive/client'`.
import { randomUUID } from 'node:crypto';

export type HookType =
  | 'PreToolUse' | 'PostToolUse' | 'PostToolUseFailure' | 'PermissionRequest' | 'Notification'
  | 'UserPromptSubmit' | 'Stop' | 'SubagentStart' | 'SubagentStop' | 'SessionStart' | 'SessionEnd'
  | 'PreCompact' | 'AgentStart' | 'AgentStop' | 'Error';

export interface ProcessingResult {
  success: boolean;
  event_id: string;
  stream_id: string;
  processing_time_ms: number;
  decision: 'allow' | 'ask' | 'deny';
  risk: 'SAFE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  reason?: string;
  rule?: string;
}

export interface HookClientOptions {
  /** e.g. http://127.0.0.1:8000 */
  baseUrl: string;
  agentId: string;
  sessionId?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  timeoutMs?: number;
  /** Retries of a failed post (network error or 5xx); the same event_id makes them safe. */
  retries?: number;
  fetch?: typeof fetch;
}

export interface SendOptions {
  priority?: number;
  correlationId?: string;
  metadata?: Record<string, unknown>;
  eventId?: string;
  agentId?: string;
  sessionId?: string;
}

export class HookClientError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HookClientError';
  }
}

export class HookClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: HookClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetch ?? fetch;
  }

  /** Post one event; retries with the same event_id, so a retry is never stored twice. */
  async send(hookType: HookType, payload: Record<string, unknown>, o: SendOptions = {}): Promise<ProcessingResult> {
    const body: Record<string, unknown> = {
      hook_type: hookType,
      agent_id: o.agentId ?? this.opts.agentId,
      payload,
      event_id: o.eventId ?? randomUUID(),
      timestamp: new Date().toISOString(),
    };
    const session = o.sessionId ?? this.opts.sessionId;
    if (session) body.session_id = session;
    if (o.priority !== undefined) body.priority = o.priority;
    if (o.correlationId) body.correlation_id = o.correlationId;
    if (o.metadata) body.metadata = o.metadata;
    return this.post('/hooks', body) as Promise<ProcessingResult>;
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    const attempts = 1 + (this.opts.retries ?? 2);
    let last: Error = new HookClientError('not sent');
    for (let i = 0; i < attempts; i++) {
      try {
        const res = await this.fetchImpl(`${this.base}${path}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        });
        const json = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
        if (res.ok) return json;
        last = new HookClientError(json.message ?? `HTTP ${res.status}`, res.status, json.code);
        if (res.status < 500) throw last;
      } catch (err) {
        if (err instanceof HookClientError && (err.statusCode ?? 500) < 500) throw err;
        last = err as Error;
      }
      await new Promise((r) => setTimeout(r, 50 * 2 ** i));
    }
    throw last;
  }

  preToolUse(toolName: string, toolInput: Record<string, unknown>, o?: SendOptions) {
    return this.send('PreToolUse', { tool_name: toolName, tool_input: toolInput }, o);
  }

  postToolUse(toolName: string, toolInput: Record<string, unknown>, toolResponse: unknown, o?: SendOptions) {
    return this.send('PostToolUse', { tool_name: toolName, tool_input: toolInput, tool_response: toolResponse }, o);
  }

  stop(reason?: string, o?: SendOptions) {
    return this.send('Stop', reason ? { reason } : {}, o);
  }

  notification(message: string, o?: SendOptions) {
    return this.send('Notification', { message }, o);
  }

  error(err: unknown, o?: SendOptions) {
    const e = err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { message: String(err) };
    return this.send('Error', { error: e }, o);
  }

  /**
   * Runs `fn` between an AgentStart and an AgentStop (an Error first when it throws), all with one
   * correlation id; returns what `fn` returns and rethrows what it throws.
   */
  async hookContext<T>(operation: string, agentId: string, fn: (ctx: { correlationId: string }) => Promise<T> | T): Promise<T> {
    const correlationId = randomUUID();
    const o: SendOptions = { agentId, correlationId };
    const started = Date.now();
    await this.send('AgentStart', { operation }, o);
    try {
      const result = await fn({ correlationId });
      await this.send('AgentStop', { operation, success: true, duration_ms: Date.now() - started }, o);
      return result;
    } catch (err) {
      await this.error(err, o).catch(() => undefined);
      await this.send('AgentStop', { operation, success: false, duration_ms: Date.now() - started }, o).catch(
        () => undefined,
      );
      throw err;
    }
  }

  /**
   * Wraps every method of an orchestrator (or the named ones) in hookContext, with the method
   * name as the operation; the agent id is the orchestrator's `agentId`/`id` property or the client's.
   */
  instrument<T extends object>(orchestrator: T, methods?: (keyof T)[]): T {
    const wanted = methods ? new Set<PropertyKey>(methods) : undefined;
    return new Proxy(orchestrator, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || prop === 'constructor' || (wanted && !wanted.has(prop))) return value;
        const self = target as { agentId?: unknown; id?: unknown };
        const agent = typeof self.agentId === 'string' ? self.agentId : typeof self.id === 'string' ? self.id : this.opts.agentId;
        return (...args: unknown[]) =>
          this.hookContext(String(prop), agent, () => (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
  }
}
