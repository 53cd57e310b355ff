// The Copilot CLI dialect as a pure mapping: body (and ?event= hint) → event and view, decision → answer.
import { describe, expect, it } from 'vitest';
import { copilotDialect } from '../../src/adapters/copilot.js';
import { isDecisionEvent } from '../../src/adapters/table.js';
import type { AgentDecision } from '../../src/adapters/dialect.js';

const ctx = { now: Date.parse('2026-03-01T12:00:00Z') };
const body = (extra: Record<string, unknown> = {}) => ({ sessionId: 's-21', timestamp: 1_767_225_600_000, cwd: '/repo', ...extra });
const map = (b: Record<string, unknown>, c: { agentHeader?: string; eventHint?: string } = {}) => copilotDialect.toEvent(b, { ...ctx, ...c });
const viewInput = (b: Record<string, unknown>) => (map(b, { eventHint: 'preToolUse' }).view as { tool_input: Record<string, unknown> }).tool_input;
const decide = (hook_type: string, decision: AgentDecision['decision'], reason: string | null = 'It is risky.'): AgentDecision => ({
  hook_type,
  decision,
  risk: decision === 'deny' ? 'CRITICAL' : 'HIGH',
  reason,
});

describe('copilot: body → event', () => {
  it('preToolUse (from the hint) becomes a PreToolUse whose view is a Bash call; toolArgs stays as sent', () => {
    const b = body({ toolName: 'bash', toolArgs: '{"command":"npm ci","description":"install"}' });
    const { event, view } = map(b, { eventHint: 'preToolUse' });
    expect(event).toMatchObject({
      hook_type: 'PreToolUse',
      agent_id: 's-21',
      session_id: 's-21',
      priority: 3,
      source: 'copilot',
      timestamp: '2026-03-01T12:00:00.000Z',
      metadata: { agent: 'copilot-cli', agent_event: 'preToolUse' },
    });
    expect(event.payload).toBe(b);
    expect(view).toEqual({ cwd: '/repo', tool_name: 'Bash', tool_input: { command: 'npm ci' } });
  });

  it('a preToolUse and its postToolUse share a correlation id (Copilot sends no call id), so the call can be paired and timed', () => {
    const args = '{"command":"npm ci"}';
    const pre = copilotDialect.toEvent(body({ toolName: 'bash', toolArgs: args }), { now: 1, eventHint: 'preToolUse' }).event;
    const post = copilotDialect.toEvent(body({ toolName: 'bash', toolArgs: args, toolResult: { resultType: 'success' } }), { now: 2, eventHint: 'postToolUse' }).event;
    expect(pre.correlation_id).toMatch(/^call-[0-9a-f]{24}$/);
    expect(post.correlation_id).toBe(pre.correlation_id);
    expect(copilotDialect.toEvent(body({ toolName: 'bash', toolArgs: '{"command":"ls"}' }), { now: 1, eventHint: 'preToolUse' }).event.correlation_id).not.toBe(pre.correlation_id);
  });

  it('toolArgs as an object, as JSON text, as unparsable text, as JSON text of a non-object', () => {
    expect(viewInput(body({ toolName: 'bash', toolArgs: { command: 'ls' } }))).toEqual({ command: 'ls' });
    expect(viewInput(body({ toolName: 'bash', toolArgs: '{"command":"ls"}' }))).toEqual({ command: 'ls' });
    for (const toolArgs of ['{"command":', '"ls"', '42', 'null']) {
      expect(typeof viewInput(body({ toolName: 'bash', toolArgs })).command, toolArgs).toBe('object');
    }
    // A command that is not text reaches the validator as it is (its HIGH bad-command finding).
    expect(viewInput(body({ toolName: 'bash', toolArgs: { command: 7 } }))).toEqual({ command: 7 });
  });

  it('deep JSON text: bounded on parsing, the command at its top is still read', () => {
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const input = viewInput(body({ toolName: 'bash', toolArgs: `{"command":"make","x":${deep}}` }));
    expect(input).toEqual({ command: 'make' });
    const polluted = viewInput(body({ toolName: 'mcp_tool', toolArgs: '{"__proto__":{"admin":true},"q":1}' }));
    expect(Object.keys(polluted)).toEqual(['q']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('file tools: create → Write, edit → Edit, view → Read (path as file_path); other tools keep name and arguments', () => {
    const view = (toolName: string, toolArgs: unknown) => map(body({ toolName, toolArgs }), { eventHint: 'preToolUse' }).view;
    expect(view('create', { path: 'a.txt', file_text: 'x' })).toEqual({ cwd: '/repo', tool_name: 'Write', tool_input: { file_path: 'a.txt' } });
    expect(view('edit', '{"path":"/repo/b.ts","old_str":"a","new_str":"b"}')).toMatchObject({ tool_name: 'Edit', tool_input: { file_path: '/repo/b.ts' } });
    expect(view('view', { path: '/repo/README.md' })).toMatchObject({ tool_name: 'Read' });
    expect(view('web_fetch', { url: 'https://example.test' })).toEqual({ cwd: '/repo', tool_name: 'web_fetch', tool_input: { url: 'https://example.test' } });
    expect((view('edit', 'garbage') as { tool_input: { command: unknown } }).tool_input.command).toBeTypeOf('object');
    expect(map(body({ prompt: 'hi' })).view).toBeUndefined();
  });

  it('the VS Code compatible format: hook_event_name names the event, tool_name/tool_input the call', () => {
    const b = { hook_event_name: 'PreToolUse', session_id: 's-vs', timestamp: '2026-01-01T00:00:00Z', cwd: '/w', tool_name: 'bash', tool_input: { command: 'ls' } };
    const { event, view } = map(b);
    expect(event).toMatchObject({ hook_type: 'PreToolUse', session_id: 's-vs', metadata: { agent_event: 'PreToolUse' } });
    expect(view).toEqual({ cwd: '/w', tool_name: 'Bash', tool_input: { command: 'ls' } });
    expect(map({ hook_event_name: 'ErrorOccurred', error: { message: 'x' } }).event.hook_type).toBe('Error');
  });

  it('maps every camelCase event name onto the internal one, and keeps unknown names', () => {
    const cases: [string, string][] = [
      ['sessionStart', 'SessionStart'], ['sessionEnd', 'SessionEnd'], ['userPromptSubmitted', 'UserPromptSubmit'], ['preToolUse', 'PreToolUse'],
      ['postToolUse', 'PostToolUse'], ['postToolUseFailure', 'PostToolUseFailure'], ['permissionRequest', 'PermissionRequest'], ['agentStop', 'Stop'],
      ['subagentStart', 'SubagentStart'], ['subagentStop', 'SubagentStop'], ['errorOccurred', 'Error'], ['preCompact', 'PreCompact'],
      ['notification', 'Notification'], ['futureHook', 'futureHook'],
    ];
    for (const [name, internal] of cases) expect(map(body(), { eventHint: name }).event.hook_type, name).toBe(internal);
    expect(map(body(), { eventHint: 'errorOccurred' }).event.priority).toBe(1);
    expect(map(body(), { eventHint: 'agentStop' }).event.priority).toBe(2);
  });

  it('event name: the hint first, then hook_event_name, then the shape; an unplain hint or a shapeless body is unknown', () => {
    const name = (b: unknown, eventHint?: string) => copilotDialect.eventName(b, { eventHint });
    expect(name(body({ toolName: 'bash' }), 'permissionRequest')).toBe('permissionRequest');
    expect(name(body({ toolName: 'bash', toolResult: { resultType: 'success' } }))).toBe('postToolUse');
    expect(name(body({ toolName: 'bash', error: 'exit 1' }))).toBe('postToolUseFailure');
    expect(name(body({ hook_event_name: 'Notification', notification_type: 'agent_idle' }))).toBe('Notification');
    expect(name(body({ error: { message: 'boom' } }))).toBe('errorOccurred');
    expect(name(body({ source: 'resume' }))).toBe('sessionStart');
    expect(name(body({ reason: 'complete' }))).toBe('sessionEnd');
    expect(name(body(), 'pre tool')).toBeUndefined();
    expect(name(body())).toBeUndefined();
    expect(name('not an object')).toBeUndefined();
    expect(isDecisionEvent(copilotDialect, name(body()))).toBe(true);
  });

  it('an unknown event is stored as a PreToolUse with agent_event null; agent id: header, session, "copilot-cli"', () => {
    expect(map({ cwd: '/w' }).event).toMatchObject({ hook_type: 'PreToolUse', agent_id: 'copilot-cli', session_id: null, metadata: { agent_event: null } });
    expect(map(body(), { agentHeader: 'ci-runner-4' }).event.agent_id).toBe('ci-runner-4');
  });

  it('event id: same body and timestamp → same id; another timestamp or none → another', () => {
    const b = body({ toolName: 'bash', toolArgs: '{"command":"ls"}' });
    const id = map(b, { eventHint: 'preToolUse' }).event.event_id;
    expect(id).toMatch(/^copilot-[0-9a-f]{32}$/);
    expect(map({ ...b }, { eventHint: 'preToolUse' }).event.event_id).toBe(id);
    expect(map({ ...b, timestamp: b.timestamp + 1 }, { eventHint: 'preToolUse' }).event.event_id).not.toBe(id);
    expect(map(b, { eventHint: 'postToolUse' }).event.event_id).not.toBe(id);
    const { timestamp: _t, ...unstamped } = b;
    expect(map(unstamped).event.event_id).not.toBe(map(unstamped).event.event_id);
  });
});

describe('copilot: decision → answer', () => {
  it('preToolUse: deny and ask carry permissionDecision and a reason; allow is {}', () => {
    expect(copilotDialect.answer(decide('preToolUse', 'deny'))).toEqual({ permissionDecision: 'deny', permissionDecisionReason: 'hookhive: It is risky.' });
    expect(copilotDialect.answer(decide('preToolUse', 'ask', null))).toEqual({
      permissionDecision: 'ask',
      permissionDecisionReason: 'hookhive asks for confirmation: The command was judged HIGH risk.',
    });
    expect(copilotDialect.answer(decide('preToolUse', 'allow'))).toEqual({});
  });

  it('PreToolUse (VS Code format, or an unknown event) also answers in hookSpecificOutput', () => {
    expect(copilotDialect.answer(decide('PreToolUse', 'deny'))).toEqual({
      permissionDecision: 'deny',
      permissionDecisionReason: 'hookhive: It is risky.',
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'hookhive: It is risky.' },
    });
    expect(copilotDialect.answer(decide('PreToolUse', 'allow'))).toEqual({});
  });

  it('permissionRequest: a deny is behavior deny with a message; ask and allow fall through to the CLI', () => {
    expect(copilotDialect.answer(decide('permissionRequest', 'deny'))).toEqual({ behavior: 'deny', message: 'hookhive: It is risky.' });
    expect(copilotDialect.answer(decide('permissionRequest', 'ask'))).toEqual({});
    expect(copilotDialect.answer(decide('permissionRequest', 'allow'))).toEqual({});
  });

  it('every other event is {} whatever the decision', () => {
    for (const name of ['postToolUse', 'agentStop', 'subagentStop', 'userPromptSubmitted', 'notification', 'PostToolUse', 'futureHook']) {
      for (const d of ['allow', 'ask', 'deny'] as const) expect(copilotDialect.answer(decide(name, d)), `${name} ${d}`).toEqual({});
    }
  });
});
