// POST /hooks/gemini: Gemini CLI's hook body in, Gemini's hook output out ({decision: "deny", reason} for deny and ask; {} otherwise).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../helpers/app.js';
import { GEMINI_INFO } from '../../src/adapters/table.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(async () => {
  await app.close();
});

const SESSION = 'b3f1c2d4-8e7a-4c1b-9f00-2a6d5e4c3b21';
let tick = 0;

/** Gemini stamps every hook call with its own time; each test call gets a distinct one. */
function geminiBody(event: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: SESSION, transcript_path: '/home/dev/.gemini/tmp/3c9a/chats/session.json', cwd: '/home/dev/shop',
    hook_event_name: event, timestamp: new Date(Date.UTC(2026, 4, 20, 9, 0, 0, ++tick)).toISOString(), ...extra,
  };
}
const shell = (command: string) => geminiBody('BeforeTool', { tool_name: 'run_shell_command', tool_input: { command, description: 'run it' } });

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/hooks/gemini', payload: payload as object, headers });
const postRaw = (payload: string) =>
  app.inject({ method: 'POST', url: '/hooks/gemini', payload, headers: { 'content-type': 'application/json' } });
const last = async (n = 1) => (await app.inject({ url: `/hooks/events?last=${n}` })).json().events;
const metric = async (re: RegExp) => Number(re.exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
const unknownCount = () => metric(/hooks_unknown_event_types_total\{dialect="gemini"\} (\d+)/);

const ASK_AS_DENY = /^hookhive: a person must approve this before it runs \(Gemini CLI cannot ask here\)\. \S/;

/** One realistic body per event Gemini CLI sends, and the internal name it is stored under. */
const EVENTS: Record<string, [Record<string, unknown>, string]> = {
  SessionStart: [{ source: 'startup' }, 'SessionStart'],
  SessionEnd: [{ reason: 'exit' }, 'SessionEnd'],
  BeforeAgent: [{ prompt: 'add a checkout test' }, 'UserPromptSubmit'],
  AfterAgent: [{ prompt: 'add a checkout test', prompt_response: 'Done.', stop_hook_active: false }, 'Stop'],
  BeforeModel: [{ llm_request: { model: 'gemini-2.5-pro', messages: [] } }, 'BeforeModel'],
  AfterModel: [{ llm_request: { model: 'gemini-2.5-pro', messages: [] }, llm_response: { candidates: [] } }, 'AfterModel'],
  BeforeToolSelection: [{ llm_request: { model: 'gemini-2.5-pro', messages: [] } }, 'BeforeToolSelection'],
  BeforeTool: [{ tool_name: 'read_file', tool_input: { file_path: 'README.md' } }, 'PreToolUse'],
  AfterTool: [{ tool_name: 'read_file', tool_input: { file_path: 'README.md' }, tool_response: { llmContent: '# shop', returnDisplay: '' } }, 'PostToolUse'],
  PreCompress: [{ trigger: 'auto' }, 'PreCompact'],
  Notification: [{ notification_type: 'ToolPermission', message: 'Allow?', details: { tool_name: 'write_file' } }, 'Notification'],
};

describe('POST /hooks/gemini: decisions', () => {
  it('denies rm -rf / in run_shell_command with {decision: "deny", reason}', async () => {
    const res = await post(shell('rm -rf /'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ decision: 'deny', reason: "hookhive: Blocked a recursive delete of '/': it would remove the whole file system." });
  });

  it('a command that needs a look is an ask, sent as a deny that says a person must approve it', async () => {
    const out = (await post(shell('sudo systemctl restart nginx'))).json();
    expect(out.decision).toBe('deny');
    expect(out.reason).toMatch(ASK_AS_DENY);
    expect((await last())[0]).toMatchObject({ decision: 'ask', hook_type: 'PreToolUse' });
  });

  it('a safe command gets {}', async () => {
    const res = await post(shell('npm test'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
  });

  it('write_file to /etc/sudoers is denied; replace inside the project is not', async () => {
    const out = (await post(geminiBody('BeforeTool', { tool_name: 'write_file', tool_input: { file_path: '/etc/sudoers', content: 'dev ALL=(ALL) NOPASSWD: ALL' } }))).json();
    expect(out).toMatchObject({ decision: 'deny', reason: expect.stringContaining('/etc/sudoers') });
    const edit = geminiBody('BeforeTool', { tool_name: 'replace', tool_input: { file_path: '/home/dev/shop/src/cart.ts', old_string: 'a', new_string: 'b' } });
    expect((await post(edit)).json()).toEqual({});
  });

  it('reading an SSH key (read_file or read_many_files) is asked about', async () => {
    for (const [name, input] of [['read_file', { file_path: '/home/dev/.ssh/id_ed25519' }], ['read_many_files', { include: ['src/**', '/home/dev/.ssh/id_ed25519'] }]] as const) {
      const out = (await post(geminiBody('BeforeTool', { tool_name: name, tool_input: input }))).json();
      expect(out.reason, name).toMatch(ASK_AS_DENY);
    }
  });

  it('AfterTool is answered {} even for a dangerous command; a failed tool is stored as PostToolUseFailure', async () => {
    const body = { ...shell('rm -rf /'), hook_event_name: 'AfterTool', tool_response: { llmContent: '', returnDisplay: '', error: { message: 'exit 1' } } };
    expect((await post(body)).json()).toEqual({});
    expect((await last())[0]).toMatchObject({ hook_type: 'PostToolUseFailure', decision: 'deny', metadata: { agent_event: 'AfterTool' } });
  });
});

describe('POST /hooks/gemini: events', () => {
  it('every event Gemini CLI sends is a 200, stored under its internal name with agent and agent_event', async () => {
    expect(Object.keys(EVENTS).sort()).toEqual([...GEMINI_INFO.events].sort());
    for (const [name, [extra]] of Object.entries(EVENTS)) {
      const res = await post(geminiBody(name, extra));
      expect(res.statusCode, name).toBe(200);
      expect(res.json(), name).toEqual({});
    }
    const stored = await last(Object.keys(EVENTS).length);
    expect(stored.map((e: { hook_type: string }) => e.hook_type)).toEqual(Object.values(EVENTS).map(([, internal]) => internal));
    expect(stored.map((e: { metadata: { agent_event: string } }) => e.metadata.agent_event)).toEqual(Object.keys(EVENTS));
    for (const e of stored) expect(e).toMatchObject({ source: 'gemini', agent_id: SESSION, metadata: { agent: 'gemini-cli' } });
    expect(await unknownCount()).toBe(0);
  });

  it('an invented event name is stored under its own name and counted, never refused', async () => {
    const res = await post(geminiBody('AfterToolSelection', { picked: ['glob'] }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    expect((await last())[0]).toMatchObject({ hook_type: 'AfterToolSelection', metadata: { agent: 'gemini-cli', agent_event: 'AfterToolSelection' } });
    expect(await unknownCount()).toBe(1);
  });

  it('a re-sent hook call is stored once and answered the same', async () => {
    const body = shell('rm -rf /');
    const first = (await post(body)).json();
    expect((await post(body)).json()).toEqual(first);
    expect((await app.inject({ url: '/hooks/events?limit=100' })).json().events).toHaveLength(1);
  });
});

describe('POST /hooks/gemini: bodies it cannot read', () => {
  it('wrong types on BeforeTool: 200 with the fail decision (ask, sent as a deny)', async () => {
    for (const body of [{ ...shell('ls'), tool_input: 5 }, { ...shell('ls'), tool_name: ['run_shell_command'] }, { ...shell('ls'), tool_input: { command: { $: 'ls' } } }]) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(200);
      expect(res.json().reason, JSON.stringify(body)).toMatch(ASK_AS_DENY);
    }
  });

  it('malformed JSON with the event name readable, or no name at all: 200 with the fail decision', async () => {
    for (const raw of ['{"hook_event_name":"BeforeTool","tool_name":"run_shell_command","tool_input":{"command":"rm -rf /"', '{"tool_name": 7}']) {
      const res = await postRaw(raw);
      expect(res.statusCode, raw).toBe(200);
      expect(res.json(), raw).toEqual({ decision: 'deny', reason: expect.stringMatching(ASK_AS_DENY) });
    }
  });

  it('a non-decision event that cannot be read is answered with the error', async () => {
    expect((await postRaw('{"hook_event_name":"AfterTool", oops')).statusCode).toBe(400);
  });
});

describe('POST /hooks/gemini: a shell call with no command to read', () => {
  it('is asked about (answered as a deny a person must approve), never allowed unseen', async () => {
    for (const input of [{}, { command: null }, { description: 'no command' }]) {
      const out = (await post(geminiBody('BeforeTool', { tool_name: 'run_shell_command', tool_input: input }))).json();
      expect(out, JSON.stringify(input)).toMatchObject({ decision: 'deny', reason: expect.stringMatching(ASK_AS_DENY) });
    }
  });
});
