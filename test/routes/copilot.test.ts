// POST /hooks/copilot: Copilot CLI's hook bodies in (event from ?event= or the body's shape), its permissionDecision answers out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../helpers/app.js';
import { COPILOT_INFO } from '../../src/adapters/table.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(async () => {
  await app.close();
});

let clock = 1_767_000_000_000;
/** The fields every camelCase body carries; each call gets its own millisecond. */
const common = (overrides: Record<string, unknown> = {}) => ({ sessionId: 'sess-4c1', timestamp: ++clock, cwd: '/home/dev/api', ...overrides });
/** A preToolUse body for the bash tool, its arguments as JSON text (as the CLI sends them). */
const bash = (command: unknown, overrides: Record<string, unknown> = {}) =>
  common({ toolName: 'bash', toolArgs: JSON.stringify({ command, description: 'run it' }), ...overrides });

const post = (payload: unknown, event?: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: event ? `/hooks/copilot?event=${event}` : '/hooks/copilot', payload: payload as object, headers });
const postText = (text: string, event?: string) =>
  app.inject({ method: 'POST', url: event ? `/hooks/copilot?event=${event}` : '/hooks/copilot', payload: text, headers: { 'content-type': 'application/json' } });
const last = async (n = 1) => (await app.inject({ url: `/hooks/events?last=${n}` })).json().events as Record<string, any>[];
const unknownCount = async () => {
  const m = /hooks_unknown_event_types_total\{dialect="copilot"\} (\d+)/.exec((await app.inject({ url: '/metrics' })).body);
  return m ? Number(m[1]) : 0;
};
const RM_REASON = "hookhive: Blocked a recursive delete of '/': it would remove the whole file system.";

describe('POST /hooks/copilot: preToolUse', () => {
  it('denies rm -rf / in the bash tool, with ?event=preToolUse and without it', async () => {
    for (const event of ['preToolUse', undefined]) {
      const res = await post(bash('rm -rf /'), event);
      expect(res.statusCode).toBe(200);
      expect(res.json(), String(event)).toEqual({ permissionDecision: 'deny', permissionDecisionReason: RM_REASON });
    }
    const [e] = await last();
    expect(e).toMatchObject({
      hook_type: 'PreToolUse',
      agent_id: 'sess-4c1',
      session_id: 'sess-4c1',
      source: 'copilot',
      metadata: { agent: 'copilot-cli', agent_event: 'preToolUse' },
    });
    // Stored as sent: the arguments stay JSON text.
    expect(typeof e.payload.toolArgs).toBe('string');
  });

  it('toolArgs as an object is read the same way; powershell is a shell too', async () => {
    const res = await post(common({ toolName: 'powershell', toolArgs: { command: 'rm -rf /' } }), 'preToolUse');
    expect(res.json().permissionDecision).toBe('deny');
  });

  it('asks for a HIGH risk command', async () => {
    const out = (await post(bash('sudo systemctl restart nginx'), 'preToolUse')).json();
    expect(out.permissionDecision).toBe('ask');
    expect(out.permissionDecisionReason).toMatch(/^hookhive asks for confirmation: /);
  });

  it('answers {} for a safe command: the CLI\'s own rules still apply', async () => {
    const res = await post(bash('npm test'), 'preToolUse');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
  });

  it('a create of /etc/sudoers is denied, also as a path relative to cwd; a view of a source file is not', async () => {
    const create = await post(common({ toolName: 'create', toolArgs: JSON.stringify({ path: '/etc/sudoers', file_text: 'dev ALL=(ALL) ALL' }) }), 'preToolUse');
    expect(create.json()).toMatchObject({ permissionDecision: 'deny', permissionDecisionReason: expect.stringContaining('/etc/sudoers') });
    const edit = await post(common({ cwd: '/etc', toolName: 'edit', toolArgs: { path: 'sudoers', old_str: 'a', new_str: 'b' } }), 'preToolUse');
    expect(edit.json().permissionDecision).toBe('deny');
    const view = await post(common({ toolName: 'view', toolArgs: { path: 'src/app.ts' } }), 'preToolUse');
    expect(view.json()).toEqual({});
  });

  it('arguments that cannot be read are never allowed unseen: at least an ask', async () => {
    for (const toolArgs of ['{"command": "rm -rf /"', 'not json at all', '[1,2]', '']) {
      const out = (await post(bash('x', { toolArgs }), 'preToolUse')).json();
      expect(out.permissionDecision, toolArgs).toBe('ask');
    }
    const missing = (await post(common({ toolName: 'bash' }), 'preToolUse')).json();
    expect(missing.permissionDecision).toBe('ask');
  });

  it('deeply nested JSON text around the command: the command is still judged', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const toolArgs = `{"command":"rm -rf /","extra":${deep}}`;
    const res = await post(common({ toolName: 'bash', toolArgs }), 'preToolUse');
    expect(res.json().permissionDecision).toBe('deny');
  });

  it('the VS Code compatible format (PascalCase, snake_case) is judged too, and answered in both shapes', async () => {
    const body = { hook_event_name: 'PreToolUse', session_id: 'sess-vs', timestamp: '2026-01-05T10:00:00.000Z', cwd: '/w', tool_name: 'bash', tool_input: { command: 'rm -rf /' } };
    const out = (await post(body)).json();
    expect(out).toEqual({
      permissionDecision: 'deny',
      permissionDecisionReason: RM_REASON,
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: RM_REASON },
    });
    expect((await last())[0]).toMatchObject({ hook_type: 'PreToolUse', session_id: 'sess-vs', metadata: { agent_event: 'PreToolUse' } });
  });

  it('a retry of the same call (same timestamp) is stored once; the next call is its own event', async () => {
    const body = bash('git status');
    await post(body, 'preToolUse');
    await post(body, 'preToolUse');
    await post({ ...body, timestamp: body.timestamp + 1 }, 'preToolUse');
    expect((await app.inject({ url: '/hooks/events?limit=100' })).json().events).toHaveLength(2);
  });
});

describe('POST /hooks/copilot: permissionRequest', () => {
  it('a dangerous command is denied with behavior and message; an ask says nothing', async () => {
    const deny = (await post(bash('rm -rf /'), 'permissionRequest')).json();
    expect(deny).toEqual({ behavior: 'deny', message: RM_REASON });
    const ask = (await post(bash('sudo systemctl restart nginx'), 'permissionRequest')).json();
    expect(ask).toEqual({});
    expect((await last())[0]).toMatchObject({ hook_type: 'PermissionRequest', decision: 'ask' });
  });
});

/** A realistic camelCase body for every event, its internal name, and the event its shape alone tells. */
const EVERY_EVENT: [string, string, Record<string, unknown>, string][] = [
  ['sessionStart', 'SessionStart', { source: 'new', initialPrompt: 'add rate limiting' }, 'sessionStart'],
  ['sessionEnd', 'SessionEnd', { reason: 'user_exit' }, 'sessionEnd'],
  ['userPromptSubmitted', 'UserPromptSubmit', { prompt: 'add rate limiting to /login' }, 'userPromptSubmitted'],
  ['preToolUse', 'PreToolUse', { toolName: 'grep', toolArgs: '{"pattern":"login"}' }, 'preToolUse'],
  ['postToolUse', 'PostToolUse', { toolName: 'bash', toolArgs: '{"command":"npm test"}', toolResult: { resultType: 'success', textResultForLlm: '12 passed' } }, 'postToolUse'],
  ['postToolUseFailure', 'PostToolUseFailure', { toolName: 'bash', toolArgs: '{"command":"npm run lint"}', error: 'exit code 1' }, 'postToolUseFailure'],
  ['permissionRequest', 'PermissionRequest', { toolName: 'web_fetch', toolArgs: { url: 'https://example.test/docs' } }, 'preToolUse'],
  ['agentStop', 'Stop', { transcriptPath: '/home/dev/.copilot/s.jsonl', stopReason: 'end_turn' }, 'agentStop'],
  ['subagentStart', 'SubagentStart', { transcriptPath: '/t', agentName: 'explore', agentDisplayName: 'Explore' }, 'subagentStart'],
  ['subagentStop', 'SubagentStop', { transcriptPath: '/t', agentName: 'explore', stopReason: 'end_turn' }, 'subagentStop'],
  ['errorOccurred', 'Error', { error: { message: 'rate limited', name: 'HttpError' }, errorContext: 'model_call', recoverable: true }, 'errorOccurred'],
  ['preCompact', 'PreCompact', { transcriptPath: '/t', trigger: 'auto', customInstructions: '' }, 'preCompact'],
  ['notification', 'Notification', { notification_type: 'shell_completed', message: 'npm test finished', title: 'Shell completed' }, 'notification'],
];

describe('POST /hooks/copilot: every event', () => {
  it("stores each of Copilot's events, named by ?event=, with its internal name and the agent's own", async () => {
    for (const [name, , extra] of EVERY_EVENT) {
      const res = await post(common(extra), name);
      expect(res.statusCode, name).toBe(200);
      expect(res.json(), name).toEqual({});
    }
    const stored = await last(EVERY_EVENT.length);
    expect(stored.map((e) => [e.metadata.agent_event, e.hook_type])).toEqual(EVERY_EVENT.map(([name, internal]) => [name, internal]));
    for (const e of stored) expect(e).toMatchObject({ source: 'copilot', metadata: { agent: 'copilot-cli' }, agent_id: 'sess-4c1' });
    expect(stored.find((e) => e.hook_type === 'Error')?.priority).toBe(1);
    expect(await unknownCount()).toBe(0);
    for (const [name] of EVERY_EVENT) expect(COPILOT_INFO.events).toContain(name);
  });

  it('without ?event= the event is read off the body\'s shape', async () => {
    for (const [, , extra] of EVERY_EVENT) await post(common(extra));
    const stored = await last(EVERY_EVENT.length);
    expect(stored.map((e) => e.metadata.agent_event)).toEqual(EVERY_EVENT.map(([, , , inferred]) => inferred));
  });

  it('an invented event name is stored under its own name and counted, never refused', async () => {
    const res = await post(common({ destination: 'mars' }), 'teleportRequested');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    expect((await last())[0]).toMatchObject({ hook_type: 'teleportRequested', priority: 5, metadata: { agent_event: 'teleportRequested' } });
    expect(await unknownCount()).toBe(1);
  });
});

describe('POST /hooks/copilot: bodies that cannot be judged (CONTRACT §3a)', () => {
  it('wrong types on preToolUse get a 200 ask in the agent\'s shape', async () => {
    const res = await post(common({ toolName: 'bash', toolArgs: 42 }), 'preToolUse');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ permissionDecision: 'ask', permissionDecisionReason: expect.stringContaining('could not be fully checked') });
  });

  it('malformed JSON: a 200 ask for preToolUse and for an unknown event, a 400 for postToolUse', async () => {
    const hinted = await postText('{"toolName":"bash","toolArgs":"{\\"command\\":', 'preToolUse');
    expect(hinted.statusCode).toBe(200);
    expect(hinted.json().permissionDecision).toBe('ask');
    const unhinted = await postText('{"toolName":"bash",');
    expect(unhinted.statusCode).toBe(200);
    expect(unhinted.json().permissionDecision).toBe('ask');
    const other = await postText('{"toolResult":', 'postToolUse');
    expect(other.statusCode).toBe(400);
  });

  it('a body whose event cannot be known is judged as a decision event', async () => {
    const res = await post({ timestamp: ++clock, cwd: '/w', command: 'rm -rf /' });
    expect(res.json().permissionDecision).toBe('deny');
    expect((await last())[0]).toMatchObject({ hook_type: 'PreToolUse', metadata: { agent_event: null } });
  });
});
