// The Gemini CLI dialect as a pure mapping: every event it sends → the internal event and view; decisions → its output.
import { describe, expect, it } from 'vitest';
import { geminiDialect } from '../../src/adapters/gemini.js';
import { GEMINI_INFO } from '../../src/adapters/table.js';
import { defaultPriority } from '../../src/schemas/hook-types.js';

const NOW = Date.parse('2026-05-20T10:00:00Z');
const ctx = { now: NOW };

/** The base fields Gemini CLI puts in every hook body. */
function base(event: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: 'b3f1c2d4-8e7a-4c1b-9f00-2a6d5e4c3b21',
    transcript_path: '/home/dev/.gemini/tmp/3c9a/chats/session-2026-05-20T09-58.json',
    cwd: '/home/dev/shop',
    hook_event_name: event,
    timestamp: '2026-05-20T09:59:58.123Z',
    ...extra,
  };
}

const tool = (name: string, input: Record<string, unknown>, event = 'BeforeTool') => base(event, { tool_name: name, tool_input: input });
const llmRequest = { model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'add a test' }], config: { temperature: 1 } };

/** Every event Gemini CLI sends, with its own fields, and the internal name it maps to. */
const EVENTS: [string, Record<string, unknown>, string][] = [
  ['SessionStart', { source: 'startup' }, 'SessionStart'],
  ['SessionEnd', { reason: 'exit' }, 'SessionEnd'],
  ['BeforeAgent', { prompt: 'add a checkout test' }, 'UserPromptSubmit'],
  ['AfterAgent', { prompt: 'add a checkout test', prompt_response: 'Done.', stop_hook_active: false }, 'Stop'],
  ['BeforeModel', { llm_request: llmRequest }, 'BeforeModel'],
  ['AfterModel', { llm_request: llmRequest, llm_response: { candidates: [] } }, 'AfterModel'],
  ['BeforeToolSelection', { llm_request: llmRequest }, 'BeforeToolSelection'],
  ['BeforeTool', { tool_name: 'run_shell_command', tool_input: { command: 'npm test' } }, 'PreToolUse'],
  ['AfterTool', { tool_name: 'run_shell_command', tool_input: { command: 'npm test' }, tool_response: { llmContent: 'ok', returnDisplay: 'ok' } }, 'PostToolUse'],
  ['PreCompress', { trigger: 'auto' }, 'PreCompact'],
  ['Notification', { notification_type: 'ToolPermission', message: 'Allow run_shell_command?', details: { tool_name: 'run_shell_command' } }, 'Notification'],
];

describe('gemini dialect: events', () => {
  it('knows every event Gemini CLI sends, and maps each onto the internal event', () => {
    expect([...GEMINI_INFO.events].sort()).toEqual(EVENTS.map(([n]) => n).sort());
    for (const [name, extra, internal] of EVENTS) {
      const body = base(name, extra);
      expect(geminiDialect.eventName(body, {}), name).toBe(name);
      const { event } = geminiDialect.toEvent(body, ctx);
      expect(event.hook_type, name).toBe(internal);
      expect(event.metadata, name).toEqual({ agent: 'gemini-cli', agent_event: name });
      expect(event.source).toBe('gemini');
      expect(event.priority, name).toBe(defaultPriority(internal));
      expect(event.payload, name).toBe(body);
    }
  });

  it('a BeforeTool and its AfterTool share a correlation id (Gemini sends no call id), so the call can be paired and timed', () => {
    const before = geminiDialect.toEvent(tool('run_shell_command', { command: 'npm test' }), ctx).event;
    const after = geminiDialect.toEvent({ ...tool('run_shell_command', { command: 'npm test' }, 'AfterTool'), tool_response: { llmContent: 'ok' } }, ctx).event;
    const other = geminiDialect.toEvent(tool('run_shell_command', { command: 'npm run build' }), ctx).event;
    expect(before.correlation_id).toMatch(/^call-[0-9a-f]{24}$/);
    expect(after.correlation_id).toBe(before.correlation_id);
    expect(other.correlation_id).not.toBe(before.correlation_id);
    expect(geminiDialect.toEvent(base('SessionStart'), ctx).event.correlation_id).toBeNull();
  });

  it('AfterTool with an error in the tool response is PostToolUseFailure', () => {
    const failed = tool('run_shell_command', { command: 'npm test' }, 'AfterTool');
    failed.tool_response = { llmContent: '', returnDisplay: 'exit 1', error: { message: 'Command failed', type: 'execution_failed' } };
    expect(geminiDialect.toEvent(failed, ctx).event.hook_type).toBe('PostToolUseFailure');
    failed.tool_response = { llmContent: 'ok', error: null };
    expect(geminiDialect.toEvent(failed, ctx).event.hook_type).toBe('PostToolUse');
  });

  it('agent id: X-Agent-Id, else the session, else "gemini-cli"', () => {
    expect(geminiDialect.toEvent(base('SessionStart'), { ...ctx, agentHeader: 'laptop' }).event.agent_id).toBe('laptop');
    expect(geminiDialect.toEvent(base('SessionStart'), ctx).event.agent_id).toBe('b3f1c2d4-8e7a-4c1b-9f00-2a6d5e4c3b21');
    expect(geminiDialect.toEvent({ hook_event_name: 'SessionStart' }, ctx).event.agent_id).toBe('gemini-cli');
  });

  it('a re-sent hook call (same session, timestamp and event) keeps its event id; another call gets another', () => {
    const call = tool('run_shell_command', { command: 'ls' });
    const a = geminiDialect.toEvent(call, ctx).event.event_id;
    expect(geminiDialect.toEvent({ ...call }, { now: NOW + 3000 }).event.event_id).toBe(a);
    expect(a).toMatch(/^gemini-[0-9a-f]{32}$/);
    expect(geminiDialect.toEvent({ ...call, timestamp: '2026-05-20T09:59:59.001Z' }, ctx).event.event_id).not.toBe(a);
    const untimed = { hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'ls' } };
    expect(geminiDialect.toEvent(untimed, ctx).event.event_id).not.toBe(geminiDialect.toEvent(untimed, ctx).event.event_id);
  });
});

describe('gemini dialect: what the validator reads', () => {
  const view = (name: string, input: Record<string, unknown>) => geminiDialect.toEvent(tool(name, input), ctx).view;

  it('run_shell_command is Bash with tool_input.command', () => {
    expect(view('run_shell_command', { command: 'git status', description: 'status', dir_path: 'src' })).toEqual({
      tool_name: 'Bash', tool_input: { command: 'git status' }, cwd: '/home/dev/shop',
    });
  });

  it('file tools are Write/Edit/Read with file_path', () => {
    expect(view('write_file', { file_path: '/etc/sudoers', content: 'x' })).toMatchObject({ tool_name: 'Write', tool_input: { file_path: '/etc/sudoers' } });
    expect(view('replace', { file_path: 'src/a.ts', old_string: 'a', new_string: 'b' })).toMatchObject({ tool_name: 'Edit', tool_input: { file_path: 'src/a.ts' } });
    expect(view('read_file', { file_path: '/home/dev/.ssh/id_ed25519' })).toMatchObject({ tool_name: 'Read', tool_input: { file_path: '/home/dev/.ssh/id_ed25519' } });
    expect(view('read_file', { absolute_path: '/home/dev/shop/README.md' })).toMatchObject({ tool_name: 'Read', tool_input: { file_path: '/home/dev/shop/README.md' } });
  });

  it('read_many_files: the worst of its paths is read', () => {
    expect(view('read_many_files', { include: ['src/**/*.ts', '/home/dev/.aws/credentials', 'README.md'] })).toMatchObject({
      tool_name: 'Read', tool_input: { file_path: '/home/dev/.aws/credentials' },
    });
  });

  it('a file tool without a readable path is unreadable (the validator asks); other tools are read as sent', () => {
    expect(view('write_file', { content: 'x' })).toEqual({ tool_name: 'write_file', command: { hookhive: 'the tool arguments could not be read' }, cwd: '/home/dev/shop' });
    expect(view('read_many_files', { include: [] })).toMatchObject({ command: { hookhive: 'the tool arguments could not be read' } });
    expect(view('grep_search', { pattern: 'TODO' })).toBeUndefined();
    expect(view('google_web_search', { query: 'fastify 5' })).toBeUndefined();
    expect(geminiDialect.toEvent(base('BeforeAgent', { prompt: 'hi' }), ctx).view).toBeUndefined();
  });
});

describe('gemini dialect: answers', () => {
  const d = (hook_type: string, decision: 'allow' | 'ask' | 'deny', reason: string | null = "Blocked a write of '/etc/sudoers'.") =>
    geminiDialect.answer({ hook_type, decision, risk: decision === 'deny' ? 'CRITICAL' : 'HIGH', reason });

  it('BeforeTool deny: {decision: "deny", reason}', () => {
    expect(d('BeforeTool', 'deny')).toEqual({ decision: 'deny', reason: "hookhive: Blocked a write of '/etc/sudoers'." });
    expect(d('BeforeTool', 'deny', null)).toEqual({ decision: 'deny', reason: 'hookhive: The command was judged CRITICAL risk.' });
  });

  it('BeforeTool ask: a deny whose reason says a person must approve it (a headless run would wait for ever)', () => {
    const out = d('BeforeTool', 'ask', 'Restarting a system service needs a look.');
    expect(out.decision).toBe('deny');
    expect(out.reason).toMatch(/^hookhive: a person must approve this before it runs \(Gemini CLI cannot ask here\)\. Restarting/);
  });

  it('an event the error handler could not name (PreToolUse) is answered as BeforeTool', () => {
    expect(d('PreToolUse', 'ask').decision).toBe('deny');
  });

  it('allow, and every non-decision event, is {}', () => {
    expect(d('BeforeTool', 'allow')).toEqual({});
    for (const name of ['AfterTool', 'BeforeAgent', 'AfterAgent', 'BeforeModel', 'SessionStart', 'SomethingNew']) {
      expect(d(name, 'deny'), name).toEqual({});
    }
  });
});
