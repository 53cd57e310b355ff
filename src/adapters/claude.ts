// Claude Code dialect: its hook body → the internal event, and a decision → its hook output JSON.
import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import type { ClaudeHookInput, ClaudeHookOutput } from '../schemas/claude.js';
import { defaultPriority } from '../schemas/hook-types.js';
import type { NormalizedEvent } from '../pipeline/normalize.js';
import type { StoredEvent } from '../store/types.js';

/**
 * Claude Code sends no idempotency key, but a tool call has `tool_use_id`: the same tool use
 * reported twice for the same event is the same event.
 */
function claudeEventId(body: ClaudeHookInput): string {
  if (typeof body.tool_use_id === 'string' && body.tool_use_id && body.session_id) {
    const h = createHash('sha256')
      .update(`${body.session_id}\0${body.tool_use_id}\0${body.hook_event_name}`)
      .digest('hex')
      .slice(0, 32);
    return `claude-${h}`;
  }
  return randomUUID();
}

/** Agent id: the body's `agent_id` (subagents), else the X-Agent-Id header, else the session id. */
export function claudeToEvent(body: ClaudeHookInput, agentHeader: string | undefined, now = Date.now()): NormalizedEvent {
  const agent =
    (typeof body.agent_id === 'string' && body.agent_id) || agentHeader || body.session_id || 'claude-code';
  return {
    event_id: claudeEventId(body),
    hook_type: body.hook_event_name,
    agent_id: agent,
    session_id: body.session_id ?? null,
    correlation_id: typeof body.tool_use_id === 'string' ? body.tool_use_id : null,
    priority: defaultPriority(body.hook_event_name),
    timestamp: new Date(now).toISOString(),
    payload: body as Record<string, unknown>,
    metadata: { agent: 'claude-code' },
    source: 'claude',
  };
}

/**
 * Only a PreToolUse deny/ask carries a decision. Everything else is `{}`: Claude Code's own
 * permission rules still apply — the service never auto-approves.
 */
export function claudeAnswer(event: Pick<StoredEvent, 'hook_type' | 'decision' | 'reason' | 'risk'>): ClaudeHookOutput {
  if (event.hook_type !== 'PreToolUse' || event.decision === 'allow') return {};
  // The validator's reason is already one plain sentence ("Blocked a recursive delete of '/': ...");
  // the model sees it as the tool's error, so say who decided and nothing more.
  const why = event.reason ?? `The command was judged ${event.risk} risk.`;
  const prefix = event.decision === 'deny' ? 'hookhive' : 'hookhive asks for confirmation';
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: event.decision,
      permissionDecisionReason: `${prefix}: ${why}`,
    },
  };
}
