// The Cursor dialect as a pure mapping: body → event and view, decision → answer (no app, no validator).
import { describe, expect, it } from 'vitest';
import { cursorDialect } from '../../src/adapters/cursor.js';
import { isDecisionEvent } from '../../src/adapters/table.js';
import type { AgentDecision } from '../../src/adapters/dialect.js';

const ctx = { now: Date.parse('2026-03-01T12:00:00Z') };
const body = (hook_event_name: string, extra: Record<string, unknown> = {}) => ({
  hook_event_name,
  conversation_id: 'conv-88',
  generation_id: 'gen-3',
  workspace_roots: ['/srv/app'],
  ...extra,
});
const map = (b: Record<string, unknown>, c: Partial<typeof ctx & { agentHeader: string; eventHint: string }> = {}) => cursorDialect.toEvent(b, { ...ctx, ...c });
const decide = (hook_type: string, decision: AgentDecision['decision'], reason: string | null = 'It is risky.'): AgentDecision => ({
  hook_type,
  decision,
  risk: decision === 'deny' ? 'CRITICAL' : decision === 'ask' ? 'HIGH' : 'SAFE',
  reason,
});

describe('cursor: body → event', () => {
  it('beforeShellExecution becomes a PreToolUse whose view is a Bash call', () => {
    const { event, view } = map(body('beforeShellExecution', { command: 'make deploy', cwd: '/srv/app' }));
    expect(event).toMatchObject({
      hook_type: 'PreToolUse',
      agent_id: 'conv-88',
      session_id: 'conv-88',
      correlation_id: 'gen-3',
      priority: 3,
      timestamp: '2026-03-01T12:00:00.000Z',
      source: 'cursor',
      metadata: { agent: 'cursor', agent_event: 'beforeShellExecution' },
    });
    expect(event.payload).toMatchObject({ command: 'make deploy', workspace_roots: ['/srv/app'] });
    expect(view).toEqual({ cwd: '/srv/app', tool_name: 'Bash', tool_input: { command: 'make deploy' } });
  });

  it('maps every event with an internal name, and keeps the others', () => {
    const cases: [string, string][] = [
      ['beforeMCPExecution', 'PreToolUse'], ['beforeReadFile', 'PreToolUse'], ['beforeTabFileRead', 'PreToolUse'], ['preToolUse', 'PreToolUse'],
      ['afterShellExecution', 'PostToolUse'], ['afterMCPExecution', 'PostToolUse'], ['afterFileEdit', 'PostToolUse'], ['afterTabFileEdit', 'PostToolUse'],
      ['postToolUse', 'PostToolUse'], ['postToolUseFailure', 'PostToolUseFailure'], ['beforeSubmitPrompt', 'UserPromptSubmit'], ['stop', 'Stop'],
      ['sessionStart', 'SessionStart'], ['sessionEnd', 'SessionEnd'], ['subagentStart', 'SubagentStart'], ['subagentStop', 'SubagentStop'],
      ['preCompact', 'PreCompact'], ['afterAgentResponse', 'afterAgentResponse'], ['afterAgentThought', 'afterAgentThought'], ['constructor', 'constructor'],
    ];
    for (const [name, internal] of cases) {
      const { event } = map(body(name));
      expect(event.hook_type, name).toBe(internal);
      expect(event.metadata, name).toEqual({ agent: 'cursor', agent_event: name });
    }
    expect(map(body('stop')).event.priority).toBe(2);
    expect(map(body('afterAgentThought')).event.priority).toBe(5);
  });

  it('file hooks: reads are Read, edits are Edit; a missing path is unreadable (not text)', () => {
    expect(map(body('beforeReadFile', { file_path: '/srv/app/.env' })).view).toEqual({ tool_name: 'Read', tool_input: { file_path: '/srv/app/.env' } });
    expect(map(body('afterFileEdit', { file_path: 'src/a.ts', edits: [] })).view).toMatchObject({ tool_name: 'Edit', tool_input: { file_path: 'src/a.ts' } });
    const missing = map(body('beforeReadFile')).view as { tool_input: { command: unknown } };
    expect(typeof missing.tool_input.command).toBe('object');
  });

  it('preToolUse tools in Claude Code shape: Shell → Bash, Write/Delete → Write, StrReplace → Edit, others kept', () => {
    expect(map(body('preToolUse', { tool_name: 'Shell', tool_input: { command: 'ls' }, cwd: '/w' })).view).toEqual({ cwd: '/w', tool_name: 'Bash', tool_input: { command: 'ls' } });
    expect(map(body('preToolUse', { tool_name: 'Delete', tool_input: { path: '/etc/hosts' } })).view).toEqual({ tool_name: 'Write', tool_input: { file_path: '/etc/hosts' } });
    expect(map(body('preToolUse', { tool_name: 'StrReplace', tool_input: '{"file_path":"a.ts"}' })).view).toMatchObject({ tool_name: 'Edit', tool_input: { file_path: 'a.ts' } });
    expect(map(body('preToolUse', { tool_name: 'Grep', tool_input: { pattern: 'x' } })).view).toEqual({ tool_name: 'Grep', tool_input: { pattern: 'x' } });
    const shellNoArgs = map(body('preToolUse', { tool_name: 'Shell', tool_input: 'not json' })).view as { tool_input: { command: unknown } };
    expect(typeof shellNoArgs.tool_input.command).toBe('object');
  });

  it('MCP calls keep their tool and parsed arguments, not the server launch command', () => {
    const { view } = map(body('beforeMCPExecution', { tool_name: 'exec', tool_input: '{"command":"id"}', command: 'npx some-mcp' }));
    expect(view).toEqual({ tool_name: 'exec', tool_input: { command: 'id' } });
  });

  it('agent id: X-Agent-Id first, then the conversation, then "cursor"; an unreadable name is a PreToolUse with agent_event null', () => {
    expect(map(body('stop'), { agentHeader: 'box-1' }).event.agent_id).toBe('box-1');
    const bare = map({ command: 'ls' });
    expect(bare.event).toMatchObject({ agent_id: 'cursor', session_id: null, hook_type: 'PreToolUse', metadata: { agent_event: null } });
    expect(map({ command: 'ls' }, { eventHint: 'afterShellExecution' }).event.hook_type).toBe('PostToolUse');
  });

  it('event id: the same body in the same turn is the same id; other content or no generation is another', () => {
    const b = body('beforeShellExecution', { command: 'ls' });
    expect(map(b).event.event_id).toBe(map({ ...b }).event.event_id);
    expect(map(b).event.event_id).toMatch(/^cursor-[0-9a-f]{32}$/);
    expect(map({ ...b, command: 'pwd' }).event.event_id).not.toBe(map(b).event.event_id);
    const { generation_id: _g, ...noTurn } = b;
    expect(map(noTurn).event.event_id).not.toBe(map(noTurn).event.event_id);
  });

  it('event name: the body\'s, else the hint; a name that is not plain is unreadable and a decision event', () => {
    expect(cursorDialect.eventName(body('stop'), {})).toBe('stop');
    expect(cursorDialect.eventName({}, { eventHint: 'stop' })).toBe('stop');
    expect(cursorDialect.eventName({ hook_event_name: '../x' }, {})).toBeUndefined();
    expect(isDecisionEvent(cursorDialect, cursorDialect.eventName('junk', {}))).toBe(true);
    expect(isDecisionEvent(cursorDialect, 'beforeSubmitPrompt')).toBe(false);
  });
});

describe('cursor: decision → answer', () => {
  it('before* hooks: allow is explicit, deny and ask carry both messages', () => {
    expect(cursorDialect.answer(decide('beforeShellExecution', 'allow'))).toEqual({ permission: 'allow' });
    expect(cursorDialect.answer(decide('beforeMCPExecution', 'deny'))).toEqual({ permission: 'deny', user_message: 'hookhive: It is risky.', agent_message: 'hookhive: It is risky.' });
    expect(cursorDialect.answer(decide('beforeShellExecution', 'ask'))).toEqual({
      permission: 'ask',
      user_message: 'hookhive asks for confirmation: It is risky.',
      agent_message: 'hookhive asks for confirmation: It is risky.',
    });
  });

  it('file-read hooks turn an ask into a deny that says a person must approve', () => {
    for (const name of ['beforeReadFile', 'beforeTabFileRead']) {
      const out = cursorDialect.answer(decide(name, 'ask'));
      expect(out.permission, name).toBe('deny');
      expect(out.user_message, name).toContain('a person must approve this');
    }
  });

  it('preToolUse and an unreadable event (PreToolUse): deny/ask answered, allow says nothing', () => {
    for (const name of ['preToolUse', 'PreToolUse']) {
      expect(cursorDialect.answer(decide(name, 'allow')), name).toEqual({});
      expect(cursorDialect.answer(decide(name, 'deny', null)), name).toMatchObject({ permission: 'deny', user_message: 'hookhive: The command was judged CRITICAL risk.' });
      expect(cursorDialect.answer(decide(name, 'ask')).permission, name).toBe('ask');
    }
  });

  it('every other event is {} whatever the decision', () => {
    for (const name of ['afterShellExecution', 'beforeSubmitPrompt', 'stop', 'afterFileEdit', 'sessionStart', 'somethingNew']) {
      for (const d of ['allow', 'ask', 'deny'] as const) expect(cursorDialect.answer(decide(name, d)), `${name} ${d}`).toEqual({});
    }
  });
});
