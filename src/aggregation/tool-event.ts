// Reading the tool events of every dialect: which tool, which call, and whether a finished call succeeded.
import type { StoredEvent } from '../store/types.js';

/** The hook types that end a tool call (every dialect's tool events are stored under Claude Code's names). */
const TOOL_END: ReadonlySet<string> = new Set(['PostToolUse', 'PostToolUseFailure']);

/** Cursor's hooks that carry no tool name: the tool each is about (its shell hooks carry `command` only). */
const CURSOR_TOOLS: Readonly<Record<string, string>> = {
  beforeShellExecution: 'Shell',
  afterShellExecution: 'Shell',
  beforeReadFile: 'Read',
  beforeTabFileRead: 'Read',
  afterFileEdit: 'Edit',
  afterTabFileEdit: 'Edit',
  beforeMCPExecution: 'MCP',
  afterMCPExecution: 'MCP',
};

/** Start hooks that no hook ever finishes (Cursor has no after-read hook): a call opened for them could only time out. */
const NEVER_FINISHED: ReadonlySet<string> = new Set(['beforeReadFile', 'beforeTabFileRead']);

const EXIT_KEYS = ['exit_code', 'exitCode', 'returncode', 'return_code'] as const;
/** Copilot's `toolResult.resultType` values that are not a success. */
const FAILED_RESULT_TYPES: ReadonlySet<string> = new Set(['failure', 'error', 'rejected', 'denied']);
/** Tool names and error texts come from agents: kept short so one event cannot bloat a summary. */
const MAX_NAME = 128;
const MAX_ERROR = 200;

export interface Outcome {
  outcome: 'success' | 'error';
  error?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function isToolEnd(e: StoredEvent): boolean {
  return TOOL_END.has(e.hook_type);
}

function agentEvent(e: StoredEvent): string | undefined {
  return nonEmpty(e.metadata.agent_event);
}

/** Whether a PreToolUse opens a call that its PostToolUse can close (a denied call never runs). */
export function opensCall(e: StoredEvent): boolean {
  if (e.hook_type !== 'PreToolUse' || e.decision === 'deny') return false;
  const name = agentEvent(e);
  return name === undefined || !NEVER_FINISHED.has(name);
}

/** `tool_name` (Claude, Codex, Gemini, Cursor), `toolName` (Copilot), else what the agent's event is about. */
export function toolNameOf(e: StoredEvent): string {
  const named = nonEmpty(e.payload.tool_name) ?? nonEmpty(e.payload.toolName);
  if (named !== undefined) return named.slice(0, MAX_NAME);
  const name = agentEvent(e);
  return name !== undefined && Object.hasOwn(CURSOR_TOOLS, name) ? CURSOR_TOOLS[name] : 'unknown';
}

/** The id shared by a call's start and end: the correlation id (the adapters put `tool_use_id` there), else `tool_use_id`. */
export function callIdOf(e: StoredEvent): string | undefined {
  return nonEmpty(e.correlation_id) ?? nonEmpty(e.payload.tool_use_id) ?? nonEmpty(e.payload.toolUseId);
}

function short(text: string): string {
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
}

/** An `error` field's text when it says there was one (null, false and '' say there was not). */
function errorText(v: unknown): string | undefined {
  if (v === undefined || v === null || v === false || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (isRecord(v)) return nonEmpty(v.message) ?? nonEmpty(v.name) ?? 'error';
  return 'error';
}

function exitCode(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

/** What in one record (the payload, or the tool's response) says the call failed; undefined when nothing does. */
function failureIn(r: Record<string, unknown>): string | undefined {
  const error = errorText(r.error);
  if (error !== undefined) return error;
  if (r.is_error === true || r.isError === true) return nonEmpty(r.content) ?? 'the tool reported an error';
  if (r.success === false) return 'success: false';
  for (const key of EXIT_KEYS) {
    const code = exitCode(r[key]);
    if (code !== undefined && code !== 0) return `exit code ${code}`;
  }
  if (r.interrupted === true) return 'interrupted';
  const resultType = nonEmpty(r.resultType);
  if (resultType !== undefined && FAILED_RESULT_TYPES.has(resultType.toLowerCase())) return `result ${resultType}`;
  return undefined;
}

/** The tool's response as each dialect names it: `tool_response` (Claude, Codex, Gemini), `toolResult` (Copilot). */
function responseOf(payload: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const v of [payload.tool_response, payload.toolResult, payload.tool_result]) if (isRecord(v)) return v;
  return undefined;
}

/**
 * PostToolUseFailure is an error. A PostToolUse is a success unless its payload or its tool's response says
 * otherwise: an `error`, `is_error`/`isError: true`, `success: false`, a non-zero exit code, `interrupted: true`,
 * or Copilot's failed `resultType`.
 */
export function outcomeOf(e: StoredEvent): Outcome {
  const response = responseOf(e.payload);
  const why = failureIn(e.payload) ?? (response ? failureIn(response) : undefined);
  if (e.hook_type === 'PostToolUseFailure') {
    return { outcome: 'error', error: short(why ?? nonEmpty(e.payload.error_details) ?? 'the tool failed') };
  }
  return why === undefined ? { outcome: 'success' } : { outcome: 'error', error: short(why) };
}
