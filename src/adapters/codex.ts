// Codex CLI dialect: its (Claude-compatible) hook body → the internal event, and a decision → its hook output JSON.
import { hash, randomUUID } from 'node:crypto';
import { CodexHookInputSchema, CodexHookOutputSchema, type CodexHookInput, type CodexHookOutput } from '../schemas/codex.js';
import { defaultPriority } from '../schemas/hook-types.js';
import { askAsDenyReason, readEventName, type AgentDecision, type Dialect, type DialectContext, type DialectEvent } from './dialect.js';
import { CODEX_INFO } from './table.js';
import { fileView, isRecord, text, unreadableView, type FileTouch } from './view.js';

/** A patch's file headers (Codex's apply_patch format); any other `*** ` line makes the patch unreadable. */
const HEADER = /^\*\*\* (Add File|Update File|Delete File|Move to): (.*)$/;
const MARKERS = new Set(['*** Begin Patch', '*** End Patch', '*** End of File']);
const TOOL_OF: Record<string, FileTouch['tool']> = {
  'Add File': 'Write',
  'Update File': 'Edit',
  // Deleting or moving a file over another is as grave as writing it.
  'Delete File': 'Write',
  'Move to': 'Write',
};

/**
 * The files an apply_patch text touches, or undefined when it cannot be read with certainty (no file header, a
 * header without a path, an unknown `*** ` line): the call is then asked about, never let through unread.
 */
export function patchTouches(patch: string): FileTouch[] | undefined {
  const touches: FileTouch[] = [];
  for (const raw of patch.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.startsWith('***')) continue;
    if (MARKERS.has(line.trimEnd())) continue;
    const m = HEADER.exec(line);
    const path = m?.[2].trim();
    if (!m || !path) return undefined;
    touches.push({ tool: TOOL_OF[m[1]], path });
  }
  return touches.length > 0 ? touches : undefined;
}

/** apply_patch carries the patch as `tool_input.command` (older builds and wrappers: `patch` / `input`). */
function patchView(body: CodexHookInput): Record<string, unknown> {
  const input = isRecord(body.tool_input) ? body.tool_input : {};
  const patch = text(input.command) ?? text(input.patch) ?? text(input.input);
  const touches = patch === undefined ? undefined : patchTouches(patch);
  return touches ? fileView('apply_patch', touches, body.cwd) : unreadableView('apply_patch', body.cwd);
}

/**
 * Codex's shell tools reach hooks as `Bash` with `tool_input.command`, which the validator reads as it is. Its file
 * edits are `apply_patch` with the patch in `tool_input.command`: that is no shell command, so the view holds the
 * files the patch touches instead.
 */
function codexView(body: CodexHookInput): Record<string, unknown> | undefined {
  return body.tool_name === 'apply_patch' ? patchView(body) : undefined;
}

/** The same tool call reported twice for the same event is the same event (see claude.ts's claudeEventId). */
function codexEventId(body: CodexHookInput): string {
  if (typeof body.tool_use_id === 'string' && body.tool_use_id && body.session_id) {
    return `codex-${hash('sha256', `${body.session_id}\0${body.tool_use_id}\0${body.hook_event_name}`, 'hex').slice(0, 32)}`;
  }
  return randomUUID();
}

/** Codex's event names are Claude Code's (Interrupt has no Claude counterpart and keeps its own). */
function codexToEvent(body: CodexHookInput, ctx: DialectContext): DialectEvent {
  const name = body.hook_event_name;
  const agent = text(body.agent_id) ?? ctx.agentHeader ?? text(body.session_id) ?? CODEX_INFO.agent;
  const view = codexView(body);
  return {
    event: {
      event_id: codexEventId(body),
      hook_type: name,
      agent_id: agent,
      session_id: body.session_id ?? null,
      correlation_id: typeof body.tool_use_id === 'string' ? body.tool_use_id : null,
      priority: defaultPriority(name),
      timestamp: new Date(ctx.now).toISOString(),
      payload: body,
      metadata: { agent: CODEX_INFO.agent, agent_event: name },
      source: CODEX_INFO.name,
    },
    ...(view ? { view } : {}),
  };
}

/**
 * PreToolUse: Codex honours only a deny (with a non-empty reason) and rejects `ask` — then runs the call — so an ask
 * is a deny whose reason says a person must approve it. PermissionRequest (Codex's approval step): a deny refuses
 * it; an ask says nothing, so Codex's own approval prompt still asks the user. Everything else is `{}`: the service
 * never approves anything.
 */
function codexAnswer(event: AgentDecision): CodexHookOutput {
  if (event.decision === 'allow') {
    // A person's approval: the approval step is answered `behavior: "allow"`. PreToolUse has no allow Codex honours
    // (it takes only a deny), so there `{}` lets the call go on, to Codex's own approval policy.
    return event.explicit && event.hook_type === 'PermissionRequest'
      ? { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } }
      : {};
  }
  const why = event.reason ?? `The command was judged ${event.risk} risk.`;
  if (event.hook_type === 'PreToolUse') {
    const reason = event.decision === 'deny' ? `hookhive: ${why}` : askAsDenyReason(CODEX_INFO.title, why);
    return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } };
  }
  if (event.hook_type === 'PermissionRequest' && event.decision === 'deny') {
    return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: `hookhive: ${why}` } } };
  }
  return {};
}

export const codexDialect: Dialect = {
  ...CODEX_INFO,
  bodySchema: CodexHookInputSchema,
  answerSchema: CodexHookOutputSchema,
  summary: "Codex CLI's command hook, through `hookhive forward --dialect codex`",
  eventName: (body) => readEventName(body, 'hook_event_name'),
  toEvent: (body, ctx) => codexToEvent(body as CodexHookInput, ctx),
  answer: codexAnswer,
};
