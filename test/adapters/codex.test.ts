// The Codex CLI dialect as a pure mapping: every event it sends → the internal event and view; decisions → its output.
import { describe, expect, it } from 'vitest';
import { codexDialect, patchTouches } from '../../src/adapters/codex.js';
import { CODEX_INFO } from '../../src/adapters/table.js';
import { defaultPriority } from '../../src/schemas/hook-types.js';

const NOW = Date.parse('2026-05-20T10:00:00Z');
const ctx = { now: NOW };

/** The fields Codex puts in every turn-scoped hook body. */
function base(event: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: '0199a7c2-5b1e-7d40-9e55-3f1d2c4b8a90',
    turn_id: 'turn-7',
    transcript_path: null,
    cwd: '/home/dev/shop',
    hook_event_name: event,
    model: 'gpt-5.1-codex',
    permission_mode: 'default',
    ...extra,
  };
}

const bash = (command: string, extra: Record<string, unknown> = {}) =>
  base('PreToolUse', { tool_name: 'Bash', tool_input: { command }, tool_use_id: 'call_8f2Kx1', ...extra });

const patch = (body: string) => base('PreToolUse', { tool_name: 'apply_patch', tool_input: { command: body }, tool_use_id: 'call_p1' });

/** Every event Codex's hook engine sends, with the fields it adds to each. */
const EVENTS: Record<string, Record<string, unknown>> = {
  SessionStart: { source: 'startup' },
  UserPromptSubmit: { prompt: 'add a checkout test' },
  PreToolUse: { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 'call_a' },
  PermissionRequest: { tool_name: 'Bash', tool_input: { command: 'git push', description: 'push the branch' } },
  PostToolUse: { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_response: 'ok', tool_use_id: 'call_a' },
  PreCompact: { trigger: 'auto' },
  PostCompact: { trigger: 'auto' },
  SubagentStart: { agent_id: 'agent-42', agent_type: 'explorer' },
  SubagentStop: { agent_id: 'agent-42', agent_type: 'explorer', stop_hook_active: false, last_assistant_message: 'done' },
  Stop: { stop_hook_active: false, last_assistant_message: 'All tests pass.' },
  StopFailure: { error: 'rate_limit', error_details: null, last_assistant_message: null },
  Interrupt: {},
};

describe('codex dialect: events', () => {
  it('knows every event Codex sends, and maps each onto the internal event', () => {
    expect([...CODEX_INFO.events].sort()).toEqual(Object.keys(EVENTS).sort());
    for (const [name, extra] of Object.entries(EVENTS)) {
      const body = base(name, extra);
      expect(codexDialect.eventName(body, {}), name).toBe(name);
      const { event } = codexDialect.toEvent(body, ctx);
      // Codex's names are Claude Code's own; Interrupt has no counterpart and keeps its name.
      expect(event.hook_type, name).toBe(name);
      expect(event.metadata, name).toEqual({ agent: 'codex', agent_event: name });
      expect(event.source).toBe('codex');
      expect(event.priority, name).toBe(defaultPriority(name));
      expect(event.payload, name).toBe(body);
      expect(event.timestamp).toBe('2026-05-20T10:00:00.000Z');
    }
  });

  it('agent id: the subagent, else X-Agent-Id, else the session, else "codex"', () => {
    expect(codexDialect.toEvent(base('SubagentStart', { agent_id: 'agent-42' }), ctx).event.agent_id).toBe('agent-42');
    expect(codexDialect.toEvent(base('Stop'), { ...ctx, agentHeader: 'ci-runner' }).event.agent_id).toBe('ci-runner');
    expect(codexDialect.toEvent(base('Stop'), ctx).event.agent_id).toBe('0199a7c2-5b1e-7d40-9e55-3f1d2c4b8a90');
    expect(codexDialect.toEvent({ hook_event_name: 'Stop' }, ctx).event.agent_id).toBe('codex');
  });

  it('a tool call keeps one event id across retries, and its id is the correlation id', () => {
    const a = codexDialect.toEvent(bash('ls'), ctx).event;
    const b = codexDialect.toEvent(bash('ls'), { now: NOW + 5000 }).event;
    expect(a.event_id).toBe(b.event_id);
    expect(a.event_id).toMatch(/^codex-[0-9a-f]{32}$/);
    expect(a.correlation_id).toBe('call_8f2Kx1');
    // The same call's PostToolUse is another event; without a call id every body is its own event.
    expect(codexDialect.toEvent({ ...bash('ls'), hook_event_name: 'PostToolUse' }, ctx).event.event_id).not.toBe(a.event_id);
    const noId = base('Stop');
    expect(codexDialect.toEvent(noId, ctx).event.event_id).not.toBe(codexDialect.toEvent(noId, ctx).event.event_id);
  });
});

describe('codex dialect: what the validator reads', () => {
  it('Bash is Claude-compatible: the payload itself is read', () => {
    expect(codexDialect.toEvent(bash('git status'), ctx).view).toBeUndefined();
  });

  it('apply_patch: the worst file the patch touches, as Write/Edit', () => {
    const text = [
      '*** Begin Patch',
      '*** Update File: src/cart.ts',
      '@@ export function total',
      '-  return 0;',
      '+  return items.length;',
      '*** Add File: /etc/sudoers.d/dev',
      '+dev ALL=(ALL) NOPASSWD: ALL',
      '*** End Patch',
    ].join('\n');
    expect(codexDialect.toEvent(patch(text), ctx).view).toEqual({
      tool_name: 'Write', tool_input: { file_path: '/etc/sudoers.d/dev' }, cwd: '/home/dev/shop',
    });
    const harmless = '*** Begin Patch\n*** Update File: src/cart.ts\n@@\n-a\n+b\n*** End Patch\n';
    expect(codexDialect.toEvent(patch(harmless), ctx).view).toEqual({ tool_name: 'Edit', tool_input: { file_path: 'src/cart.ts' }, cwd: '/home/dev/shop' });
  });

  it('apply_patch: deletes and moves count as writes; content lines are never read as headers', () => {
    expect(patchTouches('*** Begin Patch\n*** Delete File: /etc/passwd\n*** End Patch')).toEqual([{ tool: 'Write', path: '/etc/passwd' }]);
    expect(patchTouches('*** Begin Patch\r\n*** Update File: a.ts\r\n*** Move to: b.ts\r\n@@\r\n-x\r\n+*** Add File: /etc/shadow\r\n*** End of File\r\n*** End Patch')).toEqual([
      { tool: 'Edit', path: 'a.ts' },
      { tool: 'Write', path: 'b.ts' },
    ]);
  });

  it('apply_patch that cannot be read is judged unreadable (the validator asks), never as a shell command', () => {
    for (const input of [{ command: 'just some text' }, { command: '*** Begin Patch\n*** Frobnicate File: x\n*** End Patch' }, { command: '*** Update File:   ' }, {}, { command: 42 }]) {
      const view = codexDialect.toEvent({ ...patch(''), tool_input: input }, ctx).view;
      expect(view, JSON.stringify(input)).toEqual({ tool_name: 'apply_patch', command: { hookhive: 'the tool arguments could not be read' }, cwd: '/home/dev/shop' });
    }
  });
});

describe('codex dialect: answers', () => {
  const d = (hook_type: string, decision: 'allow' | 'ask' | 'deny', reason: string | null = 'Blocked a recursive delete of \'/\'.') =>
    codexDialect.answer({ hook_type, decision, risk: decision === 'deny' ? 'CRITICAL' : 'HIGH', reason });

  it('PreToolUse deny: permissionDecision deny with a non-empty reason', () => {
    expect(d('PreToolUse', 'deny')).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: "hookhive: Blocked a recursive delete of '/'." },
    });
    const noReason = d('PreToolUse', 'deny', null) as { hookSpecificOutput: { permissionDecisionReason: string } };
    expect(noReason.hookSpecificOutput.permissionDecisionReason).toBe('hookhive: The command was judged CRITICAL risk.');
  });

  it('PreToolUse ask: Codex rejects ask, so it is a deny saying a person must approve it', () => {
    const out = d('PreToolUse', 'ask', 'Restarting a system service needs a look.') as { hookSpecificOutput: Record<string, string> };
    expect(out.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(out.hookSpecificOutput.permissionDecisionReason).toMatch(/^hookhive: a person must approve this before it runs \(Codex CLI cannot ask here\)\. Restarting/);
  });

  it('PermissionRequest: a deny refuses the approval, an ask leaves it to the user', () => {
    expect(d('PermissionRequest', 'deny')).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: "hookhive: Blocked a recursive delete of '/'." } },
    });
    expect(d('PermissionRequest', 'ask')).toEqual({});
  });

  it('allow, and every non-decision event, is {} (never an approval)', () => {
    expect(d('PreToolUse', 'allow')).toEqual({});
    expect(d('PermissionRequest', 'allow')).toEqual({});
    for (const name of ['PostToolUse', 'Stop', 'UserPromptSubmit', 'Interrupt', 'SomethingNew']) {
      expect(d(name, 'deny'), name).toEqual({});
      expect(d(name, 'ask'), name).toEqual({});
    }
  });
});
