// GitHub Copilot CLI dialect: its hook body → the internal event (and a Claude-shaped view for the validator), a decision → its hook output.
import { hash, randomUUID } from 'node:crypto';
import { CopilotHookInputSchema, CopilotHookOutputSchema, type CopilotHookInput, type CopilotHookOutput } from '../schemas/copilot.js';
import { defaultPriority } from '../schemas/hook-types.js';
import { readEventName, sameCallKey, type AgentDecision, type Dialect, type DialectContext, type DialectEvent } from './dialect.js';
import { COPILOT_INFO } from './table.js';
import { readToolArgs, toolView, type ToolKind } from './view.js';

/**
 * Copilot's events that have an internal (Claude Code) name. Its PascalCase (VS Code compatible) names are Claude
 * Code's already, except `ErrorOccurred`; any other name is kept as it is.
 */
const INTERNAL: ReadonlyMap<string, string> = new Map([
  ['preToolUse', 'PreToolUse'],
  ['postToolUse', 'PostToolUse'],
  ['postToolUseFailure', 'PostToolUseFailure'],
  ['permissionRequest', 'PermissionRequest'],
  ['userPromptSubmitted', 'UserPromptSubmit'],
  ['agentStop', 'Stop'],
  ['subagentStart', 'SubagentStart'],
  ['subagentStop', 'SubagentStop'],
  ['sessionStart', 'SessionStart'],
  ['sessionEnd', 'SessionEnd'],
  ['errorOccurred', 'Error'],
  ['ErrorOccurred', 'Error'],
  ['notification', 'Notification'],
  ['preCompact', 'PreCompact'],
]);

/** Copilot CLI's tool names (lower-cased) that are Claude Code's shell and file tools. */
const TOOL_KINDS: ReadonlyMap<string, ToolKind> = new Map([
  ['bash', 'shell'],
  ['powershell', 'shell'],
  ['pwsh', 'shell'],
  ['shell', 'shell'],
  ['create', 'write'],
  ['write', 'write'],
  ['edit', 'edit'],
  ['str_replace', 'edit'],
  ['view', 'read'],
  ['read', 'read'],
]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (body: Record<string, unknown>, key: string) => Object.hasOwn(body, key) && body[key] !== undefined && body[key] !== null;

/**
 * Copilot's camelCase bodies do not say which event they are. Read off their shape, per the CLI's hooks reference:
 * a tool result → postToolUse; a tool with an error text → postToolUseFailure; a tool → preToolUse (a
 * permissionRequest looks the same, and is a decision event too); `prompt` → userPromptSubmitted; `error` →
 * errorOccurred; `agentName` → subagentStop/subagentStart; `stopReason` → agentStop; `trigger` → preCompact;
 * `notification_type` → notification; `source` → sessionStart; `reason` → sessionEnd. Else unknown.
 */
function inferEvent(body: Record<string, unknown>): string | undefined {
  if (has(body, 'toolResult') || has(body, 'tool_result')) return 'postToolUse';
  if (has(body, 'toolName') || has(body, 'tool_name')) return typeof body.error === 'string' ? 'postToolUseFailure' : 'preToolUse';
  if (has(body, 'prompt')) return 'userPromptSubmitted';
  if (has(body, 'error')) return 'errorOccurred';
  if (has(body, 'agentName')) return has(body, 'stopReason') ? 'subagentStop' : 'subagentStart';
  if (has(body, 'stopReason')) return 'agentStop';
  if (has(body, 'trigger')) return 'preCompact';
  if (has(body, 'notification_type')) return 'notification';
  if (has(body, 'source')) return 'sessionStart';
  if (has(body, 'reason')) return 'sessionEnd';
  return undefined;
}

/**
 * The event's name: the route's `?event=` (what `forward --event` adds), else the body's `hook_event_name` (the VS Code
 * compatible format), else its shape. A hint that is not a plain name is unreadable, not ignored: the event is then
 * unknown, which counts as a decision event (CONTRACT §3a).
 */
function copilotEventName(body: unknown, ctx: Pick<DialectContext, 'eventHint'>): string | undefined {
  if (ctx.eventHint !== undefined) return readEventName({ event: ctx.eventHint }, 'event');
  if (!isRecord(body)) return undefined;
  return readEventName(body, 'hook_event_name') ?? inferEvent(body);
}

/** What the validator reads: a tool call in Claude Code's shape (`toolArgs` parsed when it is JSON text); else the body itself. */
function copilotView(body: CopilotHookInput): Record<string, unknown> | undefined {
  const tool = body.toolName ?? body.tool_name;
  if (typeof tool !== 'string') return undefined;
  const args = readToolArgs(body.toolArgs ?? body.tool_input ?? body.toolInput);
  return toolView(tool, TOOL_KINDS.get(tool.toLowerCase()), args, body.cwd);
}

/**
 * Copilot sends no idempotency key, but every body carries the millisecond it was made: the same body with the
 * same `timestamp` is a retry of the same call. Without one the id is random.
 */
function copilotEventId(body: CopilotHookInput, name: string | undefined): string {
  const stamped = typeof body.timestamp === 'number' || (typeof body.timestamp === 'string' && body.timestamp !== '');
  if (!stamped || name === undefined) return randomUUID();
  return `copilot-${hash('sha256', `${name}\0${JSON.stringify(body)}`, 'hex').slice(0, 32)}`;
}

/**
 * Agent id: the X-Agent-Id header (Copilot names no agent in its body), else the session, else `copilot-cli`.
 * A body whose event cannot be known is stored as a PreToolUse (it is judged as one) with `agent_event: null`;
 * `payload` is the body as sent (`toolArgs` as text stays text).
 */
/** Internal names of a tool call's start and end: these carry the key that pairs them. */
const TOOL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

function copilotToEvent(body: CopilotHookInput, ctx: DialectContext): DialectEvent {
  const name = copilotEventName(body, ctx);
  const hookType = name === undefined ? 'PreToolUse' : (INTERNAL.get(name) ?? name);
  const session = [body.sessionId, body.session_id].find((s): s is string => typeof s === 'string' && s !== '');
  return {
    event: {
      event_id: copilotEventId(body, name),
      hook_type: hookType,
      agent_id: ctx.agentHeader || session || COPILOT_INFO.agent,
      session_id: session ?? null,
      correlation_id: TOOL_EVENTS.has(hookType) ? sameCallKey(session, body.toolName ?? body.tool_name, body.toolArgs ?? body.tool_input) : null,
      priority: defaultPriority(hookType),
      timestamp: new Date(ctx.now).toISOString(),
      payload: body,
      metadata: { agent: COPILOT_INFO.agent, agent_event: name ?? null },
      source: 'copilot',
    },
    view: copilotView(body),
  };
}

/**
 * preToolUse: a deny or ask carries `permissionDecision` and its reason (the CLI requires one for a deny); under
 * the PascalCase name `PreToolUse` (VS Code compatible hooks, and a body whose event cannot be known) the same
 * decision also goes in Claude Code's `hookSpecificOutput`, which that format reads. permissionRequest: a deny is
 * `behavior: "deny"` with a `message` for the model; an ask says nothing, so the CLI's own permission flow runs.
 * Allow is `{}` everywhere: the CLI's own rules still apply — the service never auto-approves.
 */
function copilotAnswer(event: AgentDecision): CopilotHookOutput {
  if (event.decision === 'allow') return event.explicit ? copilotAllow(event) : {};
  const why = event.reason ?? `The command was judged ${event.risk} risk.`;
  const reason = event.decision === 'deny' ? `hookhive: ${why}` : `hookhive asks for confirmation: ${why}`;
  switch (event.hook_type) {
    case 'preToolUse':
      return { permissionDecision: event.decision, permissionDecisionReason: reason };
    case 'PreToolUse':
      return {
        permissionDecision: event.decision,
        permissionDecisionReason: reason,
        hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: event.decision, permissionDecisionReason: reason },
      };
    case 'permissionRequest':
      return event.decision === 'deny' ? { behavior: 'deny', message: reason } : {};
    default:
      return {};
  }
}

/** A person approved it in the dashboard: the explicit allow of each of Copilot's decision events. */
function copilotAllow(event: AgentDecision): CopilotHookOutput {
  const reason = event.reason ?? 'Approved in the hookhive dashboard';
  switch (event.hook_type) {
    case 'preToolUse':
      return { permissionDecision: 'allow', permissionDecisionReason: reason };
    case 'PreToolUse':
      return {
        permissionDecision: 'allow',
        permissionDecisionReason: reason,
        hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: reason },
      };
    case 'permissionRequest':
      return { behavior: 'allow' };
    default:
      return {};
  }
}

export const copilotDialect: Dialect = {
  ...COPILOT_INFO,
  bodySchema: CopilotHookInputSchema,
  answerSchema: CopilotHookOutputSchema,
  summary: "GitHub Copilot CLI's hooks (`.github/hooks/*.json`, through `hookhive forward --dialect copilot --event <name>`)",
  eventName: copilotEventName,
  toEvent: (body, ctx) => copilotToEvent(body, ctx),
  answer: copilotAnswer,
};
