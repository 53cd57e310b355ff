// Gemini CLI dialect: its hook body → the internal event (Claude Code's names and tool shapes), and a decision → its hook output.
import { hash, randomUUID } from 'node:crypto';
import { GeminiHookInputSchema, GeminiHookOutputSchema, type GeminiHookInput, type GeminiHookOutput } from '../schemas/gemini.js';
import { defaultPriority } from '../schemas/hook-types.js';
import { askAsDenyReason, readEventName, sameCallKey, type AgentDecision, type Dialect, type DialectContext, type DialectEvent } from './dialect.js';
import { GEMINI_INFO, isDecisionEvent } from './table.js';
import { fileView, isRecord, shellView, text, unreadableView, type FileTouch } from './view.js';

/** Gemini's events that have a Claude Code counterpart; AfterTool is decided by its tool response. */
const INTERNAL_NAME: Readonly<Record<string, string>> = {
  BeforeTool: 'PreToolUse',
  BeforeAgent: 'UserPromptSubmit',
  AfterAgent: 'Stop',
  PreCompress: 'PreCompact',
  SessionStart: 'SessionStart',
  SessionEnd: 'SessionEnd',
  Notification: 'Notification',
};

/** AfterTool: the tool response carries `error` when the tool failed. */
function afterToolName(body: GeminiHookInput): string {
  const response = body.tool_response;
  const error = isRecord(response) ? response.error : undefined;
  return error !== undefined && error !== null && error !== '' ? 'PostToolUseFailure' : 'PostToolUse';
}

function internalName(body: GeminiHookInput): string {
  const name = body.hook_event_name;
  if (name === 'AfterTool') return afterToolName(body);
  return Object.hasOwn(INTERNAL_NAME, name) ? INTERNAL_NAME[name] : name;
}

/** Strings of a path argument that may be one path or a list (read_many_files' `include`). */
function pathsOf(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

/** Gemini's file tools as Claude Code's: which path argument each reads, and which Claude tool it is judged as. */
const FILE_TOOLS: Readonly<Record<string, { tool: FileTouch['tool']; paths: (input: Record<string, unknown>) => unknown[] }>> = {
  write_file: { tool: 'Write', paths: (i) => [i.file_path] },
  replace: { tool: 'Edit', paths: (i) => [i.file_path] },
  // Older releases named the read_file argument `absolute_path`, and read_many_files' list `paths`.
  read_file: { tool: 'Read', paths: (i) => [i.file_path, i.absolute_path] },
  read_many_files: { tool: 'Read', paths: (i) => [i.include, i.paths] },
  // A search reads the contents of the files under its directory.
  grep_search: { tool: 'Read', paths: (i) => [i.dir_path, i.path] },
  search_file_content: { tool: 'Read', paths: (i) => [i.dir_path, i.path] },
};
/** A search with no directory searches the working directory: nothing more to judge than the command rules do. */
const OPTIONAL_PATH = new Set(['grep_search', 'search_file_content']);

/**
 * run_shell_command becomes Bash with `tool_input.command`; the file tools become Write/Edit/Read with `file_path`,
 * so every command and file-path rule applies. A file tool whose path cannot be read is asked about. Other tools
 * (MCP, web, memory) are judged on the body as sent.
 */
function geminiView(body: GeminiHookInput): Record<string, unknown> | undefined {
  const tool = body.tool_name;
  if (tool === undefined) return undefined;
  const input = isRecord(body.tool_input) ? body.tool_input : {};
  if (tool === 'run_shell_command') return shellView(input.command, body.cwd);
  if (!Object.hasOwn(FILE_TOOLS, tool)) return undefined;
  const spec = FILE_TOOLS[tool];
  const touches = spec.paths(input).flatMap(pathsOf).map((path) => ({ tool: spec.tool, path }));
  if (touches.length === 0 && OPTIONAL_PATH.has(tool)) return undefined;
  return touches.length > 0 ? fileView(tool, touches, body.cwd) : unreadableView(tool, body.cwd);
}

/**
 * Gemini sends no tool call id, but it stamps each hook call with `timestamp`: a body re-sent by `forward` is the
 * same call, so session + timestamp + event name is its key (different content under the same key is told apart
 * by the content fingerprint, and judged as its own event).
 */
function geminiEventId(body: GeminiHookInput): string {
  const when = text(body.timestamp);
  if (when && body.session_id) {
    return `gemini-${hash('sha256', `${body.session_id}\0${when}\0${body.hook_event_name}\0${body.tool_name ?? ''}`, 'hex').slice(0, 32)}`;
  }
  return randomUUID();
}

/** Internal names of a tool call's start and end: these carry the key that pairs them. */
const TOOL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

function geminiToEvent(body: GeminiHookInput, ctx: DialectContext): DialectEvent {
  const hookType = internalName(body);
  const agent = text(body.agent_id) ?? ctx.agentHeader ?? text(body.session_id) ?? GEMINI_INFO.agent;
  const view = geminiView(body);
  return {
    event: {
      event_id: geminiEventId(body),
      hook_type: hookType,
      agent_id: agent,
      session_id: body.session_id ?? null,
      correlation_id: TOOL_EVENTS.has(hookType) ? sameCallKey(body.session_id, body.tool_name, body.tool_input) : null,
      priority: defaultPriority(hookType),
      timestamp: new Date(ctx.now).toISOString(),
      payload: body,
      metadata: { agent: GEMINI_INFO.agent, agent_event: body.hook_event_name },
      source: GEMINI_INFO.name,
    },
    ...(view ? { view } : {}),
  };
}

/**
 * BeforeTool: a deny is `{decision: "deny", reason}` (the reason reaches the model as the tool's error). An ask
 * would leave a headless run waiting for ever, so it is a deny whose reason says a person must approve it. The
 * error handler names an event it could not read `PreToolUse`: that is a BeforeTool here. Everything else is `{}`.
 */
function geminiAnswer(event: AgentDecision): GeminiHookOutput {
  if (!isDecisionEvent(GEMINI_INFO, event.hook_type) && event.hook_type !== 'PreToolUse') return {};
  // A person approved it in the dashboard: BeforeTool's explicit allow, with who did.
  if (event.decision === 'allow') return event.explicit ? { decision: 'allow', reason: event.reason ?? 'Approved in the hookhive dashboard' } : {};
  const why = event.reason ?? `The command was judged ${event.risk} risk.`;
  return { decision: 'deny', reason: event.decision === 'deny' ? `hookhive: ${why}` : askAsDenyReason(GEMINI_INFO.title, why) };
}

export const geminiDialect: Dialect = {
  ...GEMINI_INFO,
  bodySchema: GeminiHookInputSchema,
  answerSchema: GeminiHookOutputSchema,
  summary: "Gemini CLI's command hook, through `hookhive forward --dialect gemini`",
  eventName: (body) => readEventName(body, 'hook_event_name'),
  toEvent: (body, ctx) => geminiToEvent(body as GeminiHookInput, ctx),
  answer: geminiAnswer,
};
