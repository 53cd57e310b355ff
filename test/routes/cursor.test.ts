// POST /hooks/cursor: Cursor's hook bodies in, Cursor's `permission` answers out; every event stored under the internal name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../helpers/app.js';
import { CURSOR_INFO } from '../../src/adapters/table.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(async () => {
  await app.close();
});

let turn = 0;
/** The fields every Cursor hook body carries; each call is its own agent turn unless told otherwise. */
const common = (overrides: Record<string, unknown> = {}) => ({
  conversation_id: 'c5e1d2a0-conv',
  generation_id: `gen-${++turn}`,
  workspace_roots: ['/home/dev/shop'],
  model: 'claude-4-sonnet',
  cursor_version: '2.0.77',
  user_email: 'dev@example.test',
  ...overrides,
});
const shell = (command: unknown, overrides: Record<string, unknown> = {}) =>
  common({ hook_event_name: 'beforeShellExecution', command, cwd: '/home/dev/shop', ...overrides });

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/hooks/cursor', payload: payload as object, headers });
const postText = (text: string) =>
  app.inject({ method: 'POST', url: '/hooks/cursor', payload: text, headers: { 'content-type': 'application/json' } });
const last = async (n = 1) => (await app.inject({ url: `/hooks/events?last=${n}` })).json().events as Record<string, any>[];
const unknownCount = async () => {
  const m = /hooks_unknown_event_types_total\{dialect="cursor"\} (\d+)/.exec((await app.inject({ url: '/metrics' })).body);
  return m ? Number(m[1]) : 0;
};

describe('POST /hooks/cursor: shell commands', () => {
  it('denies rm -rf / with permission deny and the reason for the person and the model', async () => {
    const res = await post(shell('rm -rf /'));
    expect(res.statusCode).toBe(200);
    const reason = "hookhive: Blocked a recursive delete of '/': it would remove the whole file system.";
    expect(res.json()).toEqual({ permission: 'deny', user_message: reason, agent_message: reason });
  });

  it('asks for a HIGH risk command', async () => {
    const out = (await post(shell('sudo systemctl restart nginx'))).json();
    expect(out.permission).toBe('ask');
    expect(out.user_message).toMatch(/^hookhive asks for confirmation: /);
    expect(out.agent_message).toBe(out.user_message);
  });

  it('allows a safe command explicitly: Cursor waits for a permission on before* hooks', async () => {
    const res = await post(shell('npm test'));
    expect(res.json()).toEqual({ permission: 'allow' });
    const [e] = await last();
    expect(e).toMatchObject({
      hook_type: 'PreToolUse',
      agent_id: 'c5e1d2a0-conv',
      session_id: 'c5e1d2a0-conv',
      source: 'cursor',
      decision: 'allow',
      metadata: { agent: 'cursor', agent_event: 'beforeShellExecution' },
      payload: { command: 'npm test', cursor_version: '2.0.77' },
    });
  });

  it('afterShellExecution is judged and stored, but answered {}', async () => {
    const res = await post(common({ hook_event_name: 'afterShellExecution', command: 'rm -rf /', cwd: '/', output: '', duration: 12 }));
    expect(res.json()).toEqual({});
    expect((await last())[0]).toMatchObject({ hook_type: 'PostToolUse', decision: 'deny' });
  });

  it('takes the agent id from X-Agent-Id, else the conversation', async () => {
    await post(shell('ls'), { 'x-agent-id': 'cursor-laptop-2' });
    expect((await last())[0].agent_id).toBe('cursor-laptop-2');
  });
});

describe('POST /hooks/cursor: tools and files', () => {
  it('preToolUse: a Write to /etc/sudoers is denied, a Shell rm -rf / too, a safe Read says nothing', async () => {
    const write = await post(common({ hook_event_name: 'preToolUse', tool_name: 'Write', tool_use_id: 'tu-1', tool_input: { file_path: '/etc/sudoers', contents: 'dev ALL=(ALL) NOPASSWD:ALL' } }));
    expect(write.json()).toMatchObject({ permission: 'deny', user_message: expect.stringContaining('/etc/sudoers') });
    const rm = await post(common({ hook_event_name: 'preToolUse', tool_name: 'Shell', tool_use_id: 'tu-2', tool_input: { command: 'rm -rf /' }, cwd: '/home/dev' }));
    expect(rm.json().permission).toBe('deny');
    const read = await post(common({ hook_event_name: 'preToolUse', tool_name: 'Read', tool_use_id: 'tu-3', tool_input: { path: 'src/index.ts' }, cwd: '/home/dev/shop' }));
    expect(read.json()).toEqual({});
  });

  it('beforeReadFile of an SSH private key is refused: the file hooks know no ask, so the ask becomes a deny', async () => {
    const res = await post(common({ hook_event_name: 'beforeReadFile', file_path: '/home/dev/.ssh/id_ed25519', content: '-----BEGIN OPENSSH PRIVATE KEY-----', attachments: [] }));
    const out = res.json();
    expect(out.permission).toBe('deny');
    expect(out.user_message).toContain('a person must approve this');
    expect((await last())[0]).toMatchObject({ hook_type: 'PreToolUse', decision: 'ask', metadata: { agent_event: 'beforeReadFile' } });
  });

  it('beforeReadFile of a source file is allowed', async () => {
    const res = await post(common({ hook_event_name: 'beforeReadFile', file_path: '/home/dev/shop/src/cart.ts', content: 'export {}' }));
    expect(res.json()).toEqual({ permission: 'allow' });
  });

  it('beforeMCPExecution: a command inside the tool input (sent as JSON text) is judged; the server launch command is not', async () => {
    const bad = await post(common({ hook_event_name: 'beforeMCPExecution', tool_name: 'run_task', tool_input: JSON.stringify({ command: 'rm -rf /' }), command: 'npx -y @acme/tasks-mcp' }));
    expect(bad.json().permission).toBe('deny');
    const ok = await post(common({ hook_event_name: 'beforeMCPExecution', tool_name: 'query', tool_input: '{"sql":"select 1"}', url: 'http://localhost:3845', command: 'sudo npx @acme/db-mcp' }));
    expect(ok.json()).toEqual({ permission: 'allow' });
  });
});

/** A realistic body for every event Cursor sends, and the internal name it is stored under. */
const EVERY_EVENT: [string, string, Record<string, unknown>][] = [
  ['sessionStart', 'SessionStart', { session_id: 'c5e1d2a0-conv', is_background_agent: false, composer_mode: 'agent' }],
  ['sessionEnd', 'SessionEnd', { reason: 'completed', duration_ms: 91000 }],
  ['preToolUse', 'PreToolUse', { tool_name: 'Grep', tool_input: { pattern: 'TODO' }, tool_use_id: 'tu-9' }],
  ['postToolUse', 'PostToolUse', { tool_name: 'Grep', tool_input: { pattern: 'TODO' }, tool_output: '{"matches":3}', tool_use_id: 'tu-9' }],
  ['postToolUseFailure', 'PostToolUseFailure', { tool_name: 'Shell', tool_input: { command: 'make' }, error: 'exit 2' }],
  ['subagentStart', 'SubagentStart', { subagent_type: 'explore', prompt: 'find the cart code' }],
  ['subagentStop', 'SubagentStop', { subagent_type: 'explore', status: 'completed' }],
  ['beforeShellExecution', 'PreToolUse', { command: 'git status', cwd: '/home/dev/shop' }],
  ['afterShellExecution', 'PostToolUse', { command: 'git status', cwd: '/home/dev/shop', output: 'clean', duration: 40 }],
  ['beforeMCPExecution', 'PreToolUse', { tool_name: 'search_docs', tool_input: '{"q":"hooks"}', url: 'https://mcp.example.test' }],
  ['afterMCPExecution', 'PostToolUse', { tool_name: 'search_docs', tool_input: '{"q":"hooks"}', result_json: '{"hits":2}', duration: 210 }],
  ['beforeReadFile', 'PreToolUse', { file_path: '/home/dev/shop/README.md', content: '# shop' }],
  ['afterFileEdit', 'PostToolUse', { file_path: '/home/dev/shop/src/cart.ts', edits: [{ old_string: 'let total', new_string: 'const total' }] }],
  ['beforeSubmitPrompt', 'UserPromptSubmit', { prompt: 'make the cart total immutable', attachments: [] }],
  ['preCompact', 'PreCompact', { trigger: 'auto', context_usage_percent: 91 }],
  ['stop', 'Stop', { status: 'completed', loop_count: 0 }],
  ['afterAgentResponse', 'afterAgentResponse', { text: 'Done: total is now const.' }],
  ['afterAgentThought', 'afterAgentThought', { text: 'The cart module exports total.', duration_ms: 800 }],
  ['beforeTabFileRead', 'PreToolUse', { file_path: '/home/dev/shop/src/cart.ts', content: 'export {}' }],
  ['afterTabFileEdit', 'PostToolUse', { file_path: '/home/dev/shop/src/cart.ts', edits: [{ old_string: 'a', new_string: 'b' }] }],
];

describe('POST /hooks/cursor: every event', () => {
  it("stores each of Cursor's events with its internal name, the agent's own name and the source", async () => {
    expect(EVERY_EVENT.map(([name]) => name).sort()).toEqual([...CURSOR_INFO.events].sort());
    for (const [name, , extra] of EVERY_EVENT) {
      const res = await post(common({ hook_event_name: name, ...extra }));
      expect(res.statusCode, name).toBe(200);
      const expected = name.startsWith('before') && name !== 'beforeSubmitPrompt' ? { permission: 'allow' } : {};
      expect(res.json(), name).toEqual(expected);
    }
    const stored = await last(EVERY_EVENT.length);
    expect(stored.map((e) => [e.metadata.agent_event, e.hook_type])).toEqual(EVERY_EVENT.map(([name, internal]) => [name, internal]));
    for (const e of stored) expect(e).toMatchObject({ source: 'cursor', metadata: { agent: 'cursor' }, session_id: 'c5e1d2a0-conv' });
    expect(stored.find((e) => e.hook_type === 'Stop')?.priority).toBe(2);
    expect(await unknownCount()).toBe(0);
  });

  it('an invented event name is stored under its own name and counted, never refused', async () => {
    const res = await post(common({ hook_event_name: 'beforeTeleport', destination: 'mars' }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    expect((await last())[0]).toMatchObject({ hook_type: 'beforeTeleport', priority: 5, metadata: { agent_event: 'beforeTeleport' }, payload: { destination: 'mars' } });
    expect(await unknownCount()).toBe(1);
  });

  it('a retry of the same call is stored once; another command in the same turn is its own event', async () => {
    const body = shell('npm run build', { generation_id: 'gen-retry' });
    await post(body);
    await post(body);
    await post({ ...body, command: 'npm run lint' });
    const all = (await app.inject({ url: '/hooks/events?limit=100' })).json().events;
    expect(all.map((e: any) => e.payload.command)).toEqual(['npm run build', 'npm run lint']);
  });
});

describe('POST /hooks/cursor: bodies that cannot be judged (CONTRACT §3a)', () => {
  it('a decision event with a field of the wrong type gets a 200 ask, not a 400', async () => {
    const res = await post(shell(['rm', '-rf', '/'], { cwd: 7 }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ permission: 'ask', user_message: expect.stringContaining('could not be fully checked') });
  });

  it('malformed JSON of a decision event gets a 200 ask; of another event a 400', async () => {
    const res = await postText('{"hook_event_name":"beforeShellExecution","command":"rm -rf /"');
    expect(res.statusCode).toBe(200);
    expect(res.json().permission).toBe('ask');
    const other = await postText('{"hook_event_name":"afterFileEdit","file_path":');
    expect(other.statusCode).toBe(400);
  });

  it('a body with no event name is judged as a decision event', async () => {
    const res = await post(common({ command: 'rm -rf /' }));
    expect(res.json().permission).toBe('deny');
    expect((await last())[0]).toMatchObject({ hook_type: 'PreToolUse', metadata: { agent_event: null } });
  });

  it('HOOK_FAIL_DECISION=deny answers an unreadable decision event with a deny', async () => {
    const strict = await makeApp({ HOOK_FAIL_DECISION: 'deny' });
    const res = await strict.inject({ method: 'POST', url: '/hooks/cursor', payload: '{"hook_event_name":"beforeReadFile",', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().permission).toBe('deny');
    await strict.close();
  });
});
