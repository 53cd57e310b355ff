// A realistic shell-tool body for each agent dialect, and what counts as a decision in each agent's answer.
import { DIALECT_INFO, type DialectName } from '../../src/adapters/table.js';
import { claudeBody } from './app.js';

/** The agent's body for event `name` running `command` in its shell tool (a non-tool event just carries it along). */
export function agentBody(dialect: DialectName, name: string, command: string, id = 'call-1'): Record<string, unknown> {
  switch (dialect) {
    case 'claude':
      return claudeBody(command, { hook_event_name: name, tool_use_id: `toolu_${id}` });
    case 'codex':
      return { ...claudeBody(command, { hook_event_name: name, tool_use_id: `call_${id}` }), turn_id: 'turn-7', model: 'gpt-5.5-codex' };
    case 'gemini':
      return {
        session_id: 'gem-session', transcript_path: '/home/dev/.gemini/tmp/chat.json', cwd: '/home/dev/project',
        hook_event_name: name, timestamp: '2026-11-30T10:00:00.000Z', tool_name: 'run_shell_command',
        tool_input: { command, description: 'run it', dir_path: '.' },
      };
    case 'cursor':
      return {
        hook_event_name: name, conversation_id: 'conv-1', generation_id: `gen-${id}`, command, cwd: '/home/dev/project',
        workspace_roots: ['/home/dev/project'], model: 'claude-4.5-sonnet', cursor_version: '2.3.1',
      };
    case 'copilot':
      return { timestamp: 1764496800000, cwd: '/home/dev/project', toolName: 'bash', toolArgs: { command, description: 'run it' } };
  }
}

/** The route for an event: Copilot CLI's body has no event name, so `forward --event` puts it in the query. */
export function agentUrl(dialect: DialectName, name: string): string {
  return DIALECT_INFO[dialect].eventField ? `/hooks/${dialect}` : `/hooks/${dialect}?event=${encodeURIComponent(name)}`;
}

function at(value: unknown, path: string): unknown {
  let v = value;
  for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/**
 * Whether an answer carries a decision in the agent's own protocol: `{}` (allowed, the agent's own rules apply),
 * an explicit allow, an ask or deny with its reason, or a permission dialog's deny with its message.
 */
export function isDecisionAnswer(dialect: DialectName, answer: unknown): boolean {
  if (JSON.stringify(answer) === '{}') return true;
  const info = DIALECT_INFO[dialect];
  const decision = at(answer, info.decisionPath);
  if (decision === 'allow') return true;
  if (decision === 'ask' || decision === 'deny') return typeof at(answer, info.reasonPath) === 'string';
  const dialog = (at(answer, 'hookSpecificOutput.decision') ?? answer) as { behavior?: unknown; message?: unknown };
  return dialog.behavior === 'deny' && typeof dialog.message === 'string';
}
