// The client's public vocabulary: hook types, call arguments and answers; no server module is imported.

/** Claude Code's event names plus the orchestrator's own (CONTRACT §2), as the generic envelope takes them. */
export type HookType =
  | 'SessionStart' | 'Setup' | 'UserPromptSubmit' | 'UserPromptExpansion' | 'PreToolUse' | 'PermissionRequest'
  | 'PermissionDenied' | 'PostToolUse' | 'PostToolUseFailure' | 'PostToolBatch' | 'Notification' | 'MessageDisplay'
  | 'SubagentStart' | 'SubagentStop' | 'TaskCreated' | 'TaskCompleted' | 'Stop' | 'StopFailure' | 'TeammateIdle'
  | 'InstructionsLoaded' | 'ConfigChange' | 'CwdChanged' | 'DirectoryAdded' | 'FileChanged' | 'WorktreeCreate'
  | 'WorktreeRemove' | 'PreCompact' | 'PostCompact' | 'Elicitation' | 'ElicitationResult' | 'SessionEnd'
  | 'PreModelSwitch' | 'PostModelSwitch'
  | 'AgentStart' | 'AgentStop' | 'Error';

export type Decision = 'allow' | 'ask' | 'deny';
export type Risk = 'SAFE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type JsonObject = Record<string, unknown>;

/** The service's answer for one stored event (POST /hooks, or one item of POST /hooks/batch). */
export interface ProcessingResult {
  success: boolean;
  event_id: string;
  stream_id: string;
  processing_time_ms: number;
  decision: Decision;
  risk: Risk;
  reason?: string;
  rule?: string;
}

export interface HookClientOptions {
  /** e.g. `http://127.0.0.1:8000` */
  baseUrl: string;
  /** Default agent id of every call; a call's own `agentId` wins. */
  agentId?: string;
  /** Default session id of every call; a call's own `sessionId` wins. */
  sessionId?: string;
  /** Sent as `Authorization: Bearer <token>` (an ingest token is enough). */
  token?: string;
  /** Time limit of one HTTP attempt, ms (default 5000). */
  timeoutMs?: number;
  /** Retries after a network error, a time-out, a 5xx or a 429 (default 2). */
  retries?: number;
  /** First retry delay, doubled per retry, with jitter (default 100 ms). */
  retryDelayMs?: number;
  /** Longest single wait, including a server's Retry-After (default 5000 ms). */
  maxRetryDelayMs?: number;
  /** No retry starts once its wait would end more than this long after the first attempt (default 15000 ms). */
  retryBudgetMs?: number;
  /** Opt-in client-side batching of events that carry no decision, sent through POST /hooks/batch. */
  batch?: BatchOptions | boolean;
  /** Another fetch (a proxy agent, a test double); the global one by default. */
  fetch?: typeof fetch;
}

export interface BatchOptions {
  /** Queue length that triggers a send (default 100, at most 1000: the service's batch limit). */
  maxEvents?: number;
  /** Longest time an event waits in the queue (default 1000 ms). */
  flushIntervalMs?: number;
}

/** Fields every call takes besides its own. */
export interface CallOptions {
  /** Overrides the client's default agent id; one of the two is required. */
  agentId?: string;
  /** Overrides the client's default session id. */
  sessionId?: string;
  /** 1 (most urgent) .. 10; the service's default for the hook type when absent. */
  priority?: number;
  correlationId?: string;
  metadata?: JsonObject;
  /** Idempotency key; a random UUID by default, reused on every retry of this call. */
  eventId?: string;
}

export interface SendArgs extends CallOptions {
  hookType: HookType;
  payload: JsonObject;
}

export interface PreToolUseArgs extends CallOptions {
  toolName: string;
  /** The tool's input; for a shell tool `{ command }`, which the service judges. */
  parameters: JsonObject;
}

export interface PostToolUseArgs extends CallOptions {
  toolName: string;
  /** false posts `PostToolUseFailure` instead of `PostToolUse`. */
  success: boolean;
  /** The tool's output (or its error), stored as `tool_response`. */
  result?: unknown;
  executionTimeMs?: number;
  /** The tool's input, stored as `tool_input`. */
  parameters?: JsonObject;
}

export interface StopArgs extends CallOptions {
  reason: string;
  details?: JsonObject;
}

export type NotificationLevel = 'debug' | 'info' | 'warning' | 'error';

export interface NotificationArgs extends CallOptions {
  level: NotificationLevel;
  message: string;
  details?: JsonObject;
}

/** What `hookContext`'s function receives. */
export interface HookContext {
  readonly operation: string;
  readonly agentId: string;
  /** Shared by the AgentStart, AgentStop and Error events of this operation. */
  readonly correlationId: string;
  /** Recorded as `result` on the AgentStop event. */
  setResult(value: unknown): void;
}

export interface InstrumentOptions<K extends string = string> {
  /** Agent id of the events; else the orchestrator's `agentId` or `id` string property, else the client's. */
  agentId?: string;
  /** Only these methods; all of its own and prototype methods (not `constructor`) by default. */
  methods?: readonly K[];
  /** Record each method's return value as the AgentStop `result` (true), or what this function makes of it. */
  recordResult?: boolean | ((value: unknown, method: string) => unknown);
}

/** The orchestrator as `instrument` returns it: every wrapped method (K) now answers a promise. */
export type Instrumented<T, K extends keyof T = keyof T> = {
  [P in keyof T]: P extends K ? (T[P] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[P]) : T[P];
};
