// Cursor dialect: its hook body → the internal event (and a Claude-shaped view for the validator), a decision → its hook output.
import { hash, randomUUID } from 'node:crypto';
import { CursorHookInputSchema, CursorHookOutputSchema, type CursorHookInput, type CursorHookOutput } from '../schemas/cursor.js';
import { defaultPriority } from '../schemas/hook-types.js';
import { askAsDenyReason, readEventName, type AgentDecision, type Dialect, type DialectContext, type DialectEvent } from './dialect.js';
import { CURSOR_INFO } from './table.js';
import { pathView, readToolArgs, shellView, toolView, type ToolKind } from './view.js';

/** Cursor's events that have an internal (Claude Code) name; any other keeps its own. */
const INTERNAL: ReadonlyMap<string, string> = new Map([
  ['beforeShellExecution', 'PreToolUse'],
  ['beforeMCPExecution', 'PreToolUse'],
  ['beforeReadFile', 'PreToolUse'],
  ['beforeTabFileRead', 'PreToolUse'],
  ['preToolUse', 'PreToolUse'],
  ['afterShellExecution', 'PostToolUse'],
  ['afterMCPExecution', 'PostToolUse'],
  ['afterFileEdit', 'PostToolUse'],
  ['afterTabFileEdit', 'PostToolUse'],
  ['postToolUse', 'PostToolUse'],
  ['postToolUseFailure', 'PostToolUseFailure'],
  ['beforeSubmitPrompt', 'UserPromptSubmit'],
  ['stop', 'Stop'],
  ['sessionStart', 'SessionStart'],
  ['sessionEnd', 'SessionEnd'],
  ['subagentStart', 'SubagentStart'],
  ['subagentStop', 'SubagentStop'],
  ['preCompact', 'PreCompact'],
]);

/** Cursor's own tool names (preToolUse/postToolUse) that are Claude Code's shell and file tools. */
const TOOL_KINDS: ReadonlyMap<string, ToolKind> = new Map([
  ['Shell', 'shell'],
  ['Read', 'read'],
  ['Write', 'write'],
  // Deleting a file changes it as much as overwriting it: the write rules (system files, keys) apply.
  ['Delete', 'write'],
  ['Edit', 'edit'],
  ['StrReplace', 'edit'],
  ['MultiEdit', 'edit'],
]);

/** Events whose file is only read (Cursor's file-read hooks answer allow or deny, no ask). */
const READ_EVENTS: ReadonlySet<string> = new Set(['beforeReadFile', 'beforeTabFileRead']);

/**
 * The event's name: the body's `hook_event_name`, else the route's `?event=` (both must be plain names);
 * undefined when neither can be read, which counts as a decision event (CONTRACT §3a).
 */
function cursorEventName(body: unknown, ctx: Pick<DialectContext, 'eventHint'>): string | undefined {
  return readEventName(body, 'hook_event_name') ?? readEventName({ event: ctx.eventHint }, 'event');
}

/**
 * What the validator reads, in Claude Code's shape: the shell hooks' `command` as `Bash`, the file hooks'
 * `file_path` as `Read`/`Edit`, the generic tool hooks by tool name. MCP calls keep their tool name and arguments
 * (a `command` among them is judged); their top-level `command` is the MCP server's launch command, configured by
 * the user, not something the call runs, so it is left out. Undefined: the body is read as it is.
 */
function cursorView(name: string | undefined, body: CursorHookInput): Record<string, unknown> | undefined {
  switch (name) {
    case 'beforeShellExecution':
    case 'afterShellExecution':
      return shellView(body.command, body.cwd);
    case 'beforeReadFile':
    case 'beforeTabFileRead':
      return pathView('read', body.file_path, body.cwd);
    case 'afterFileEdit':
    case 'afterTabFileEdit':
      return pathView('edit', body.file_path, body.cwd);
    case 'beforeMCPExecution':
    case 'afterMCPExecution':
      return toolView(body.tool_name ?? 'MCP', undefined, readToolArgs(body.tool_input), body.cwd);
    default:
      if (body.tool_name === undefined) return undefined;
      return toolView(body.tool_name, TOOL_KINDS.get(body.tool_name), readToolArgs(body.tool_input), body.cwd);
  }
}

/**
 * Cursor sends no idempotency key, but `generation_id` names one agent turn: the same body again within that turn
 * is a retry of the same call. (Two identical calls in one turn are then stored once; their answer is the same.)
 */
function cursorEventId(body: CursorHookInput, name: string | undefined): string {
  if (typeof body.generation_id !== 'string' || !body.generation_id || name === undefined) return randomUUID();
  return `cursor-${hash('sha256', `${name}\0${JSON.stringify(body)}`, 'hex').slice(0, 32)}`;
}

/**
 * Agent id: the X-Agent-Id header (Cursor names no agent in its body), else the conversation, else `cursor`.
 * A body whose event cannot be read is stored as a PreToolUse (it is judged as one) with `agent_event: null`.
 */
function cursorToEvent(body: CursorHookInput, ctx: DialectContext): DialectEvent {
  const name = cursorEventName(body, ctx);
  const hookType = name === undefined ? 'PreToolUse' : (INTERNAL.get(name) ?? name);
  const conversation = typeof body.conversation_id === 'string' && body.conversation_id ? body.conversation_id : undefined;
  const correlation = body.tool_use_id ?? body.generation_id;
  return {
    event: {
      event_id: cursorEventId(body, name),
      hook_type: hookType,
      agent_id: ctx.agentHeader || conversation || CURSOR_INFO.agent,
      session_id: conversation ?? null,
      correlation_id: typeof correlation === 'string' && correlation ? correlation : null,
      priority: defaultPriority(hookType),
      timestamp: new Date(ctx.now).toISOString(),
      payload: body,
      metadata: { agent: CURSOR_INFO.agent, agent_event: name ?? null },
      source: 'cursor',
    },
    view: cursorView(name, body),
  };
}

/** Events answered with a `permission`: the before* hooks, preToolUse, and an unreadable event (the internal name). */
const PERMISSION_EVENTS: ReadonlySet<string> = new Set([...CURSOR_INFO.decisionEvents, 'PreToolUse']);

/**
 * Deny and ask carry `permission` with a message for the person and one for the model. Allow is
 * `{permission: "allow"}` on the before* hooks, where Cursor waits for one; preToolUse's allow says nothing, so
 * Cursor's own approval rules still apply. Cursor's file-read hooks know no ask: an ask there is a deny whose
 * reason says a person must approve it. Every other event gets `{}`.
 */
function cursorAnswer(event: AgentDecision): CursorHookOutput {
  if (!PERMISSION_EVENTS.has(event.hook_type)) return {};
  if (event.decision === 'allow' && event.explicit) {
    // A person approved it in the dashboard: an explicit allow, with who did, on every event that takes a permission.
    const text = event.reason ?? 'Approved in the hookhive dashboard';
    return { permission: 'allow', user_message: text, agent_message: text };
  }
  if (event.decision === 'allow') return event.hook_type.startsWith('before') ? { permission: 'allow' } : {};
  const why = event.reason ?? `The command was judged ${event.risk} risk.`;
  if (event.decision === 'ask' && READ_EVENTS.has(event.hook_type)) {
    const text = askAsDenyReason(CURSOR_INFO.title, event.reason);
    return { permission: 'deny', user_message: text, agent_message: text };
  }
  const text = event.decision === 'deny' ? `hookhive: ${why}` : `hookhive asks for confirmation: ${why}`;
  return { permission: event.decision, user_message: text, agent_message: text };
}

export const cursorDialect: Dialect = {
  ...CURSOR_INFO,
  bodySchema: CursorHookInputSchema,
  answerSchema: CursorHookOutputSchema,
  summary: "Cursor's hooks (`.cursor/hooks.json`, through `hookhive forward --dialect cursor`)",
  eventName: cursorEventName,
  toEvent: (body, ctx) => cursorToEvent(body, ctx),
  answer: cursorAnswer,
};
