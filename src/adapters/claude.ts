// Claude Code dialect: its hook body → the internal event, and a decision → its hook output JSON.
import { hash, randomUUID } from 'node:crypto';
import { ClaudeHookInputSchema, ClaudeHookOutputSchema, type ClaudeHookInput, type ClaudeHookOutput } from '../schemas/claude.js';
import { defaultPriority } from '../schemas/hook-types.js';
import type { NormalizedEvent } from '../pipeline/normalize.js';
import { readEventName, type AgentDecision, type Dialect, type DialectContext } from './dialect.js';
import { CLAUDE_INFO } from './table.js';

/**
 * Claude Code sends no idempotency key, but a tool call has `tool_use_id`: the same tool use
 * reported twice for the same event is the same event (the content fingerprint tells a replay
 * with other content apart, which is then stored and judged as its own event).
 */
function claudeEventId(body: ClaudeHookInput): string {
  if (typeof body.tool_use_id === 'string' && body.tool_use_id && body.session_id) {
    return `claude-${hash('sha256', `${body.session_id}\0${body.tool_use_id}\0${body.hook_event_name}`, 'hex').slice(0, 32)}`;
  }
  return randomUUID();
}

/** Agent id: the body's `agent_id` (subagents), else the X-Agent-Id header, else the session id. */
function claudeToEvent(body: ClaudeHookInput, ctx: DialectContext): NormalizedEvent {
  const agent = (typeof body.agent_id === 'string' && body.agent_id) || ctx.agentHeader || body.session_id || 'claude-code';
  return {
    event_id: claudeEventId(body),
    hook_type: body.hook_event_name,
    agent_id: agent,
    session_id: body.session_id ?? null,
    correlation_id: typeof body.tool_use_id === 'string' ? body.tool_use_id : null,
    priority: defaultPriority(body.hook_event_name),
    timestamp: new Date(ctx.now).toISOString(),
    payload: body,
    metadata: { agent: CLAUDE_INFO.agent, agent_event: body.hook_event_name },
    source: 'claude',
  };
}

/**
 * A person's approval (remote approvals): PreToolUse's explicit `allow` with who approved it, or the permission
 * dialog answered `behavior: "allow"`.
 */
function claudeAllow(event: AgentDecision): ClaudeHookOutput {
  if (event.hook_type === 'PreToolUse') {
    const reason = event.reason ?? 'Approved in the hookhive dashboard';
    return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: reason } };
  }
  if (event.hook_type === 'PermissionRequest') return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } };
  return {};
}

/**
 * PreToolUse: a deny or ask carries `permissionDecision`. PermissionRequest (the permission dialog): a deny
 * answers `decision.behavior: "deny"`; an ask says nothing, since the user is being asked already. Everything
 * else is `{}`: Claude Code's own permission rules still apply — the service never auto-approves (only a person
 * does, through the dashboard: `explicit`).
 */
function claudeAnswer(event: AgentDecision): ClaudeHookOutput {
  if (event.decision === 'allow') return event.explicit ? claudeAllow(event) : {};
  // The validator's reason is already one plain sentence ("Blocked a recursive delete of '/': ...");
  // the model sees it as the tool's error, so say who decided and nothing more.
  const why = event.reason ?? `The command was judged ${event.risk} risk.`;
  if (event.hook_type === 'PreToolUse') {
    const prefix = event.decision === 'deny' ? 'hookhive' : 'hookhive asks for confirmation';
    return {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: event.decision,
        permissionDecisionReason: `${prefix}: ${why}`,
      },
    };
  }
  if (event.hook_type === 'PermissionRequest' && event.decision === 'deny') {
    return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: `hookhive: ${why}` } } };
  }
  return {};
}

export const claudeDialect: Dialect = {
  ...CLAUDE_INFO,
  bodySchema: ClaudeHookInputSchema,
  answerSchema: ClaudeHookOutputSchema,
  summary: "Claude Code's native HTTP hook (or `hookhive forward`)",
  eventName: (body) => readEventName(body, 'hook_event_name'),
  toEvent: (body, ctx) => ({ event: claudeToEvent(body as ClaudeHookInput, ctx) }),
  answer: claudeAnswer,
};
