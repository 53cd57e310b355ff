// POST /hooks/codex: Codex CLI's hook body in, Codex's hook output out (deny; ask sent as a deny; {} otherwise).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../helpers/app.js';
import { CODEX_INFO } from '../../src/adapters/table.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(async () => {
  await app.close();
});

const SESSION = '0199a7c2-5b1e-7d40-9e55-3f1d2c4b8a90';
let calls = 0;

function codexBody(event: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: SESSION, turn_id: 'turn-3', transcript_path: null, cwd: '/home/dev/shop',
    hook_event_name: event, model: 'gpt-5.1-codex', permission_mode: 'default', ...extra,
  };
}
const bash = (command: string, extra: Record<string, unknown> = {}) =>
  codexBody('PreToolUse', { tool_name: 'Bash', tool_input: { command }, tool_use_id: `call_${++calls}`, ...extra });

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/hooks/codex', payload: payload as object, headers });
const postRaw = (payload: string) =>
  app.inject({ method: 'POST', url: '/hooks/codex', payload, headers: { 'content-type': 'application/json' } });
const last = async (n = 1) => (await app.inject({ url: `/hooks/events?last=${n}` })).json().events;
const metric = async (re: RegExp) => Number(re.exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
const unknownCount = () => metric(/hooks_unknown_event_types_total\{dialect="codex"\} (\d+)/);

const ASK_AS_DENY = /^hookhive: a person must approve this before it runs \(Codex CLI cannot ask here\)\. \S/;

describe('POST /hooks/codex: decisions', () => {
  it('denies rm -rf / in Codex\'s shape, with a non-empty reason', async () => {
    const res = await post(bash('rm -rf /'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse', permissionDecision: 'deny',
        permissionDecisionReason: "hookhive: Blocked a recursive delete of '/': it would remove the whole file system.",
      },
    });
  });

  it('a command that needs a look is an ask, sent as a deny that says a person must approve it', async () => {
    const out = (await post(bash('sudo systemctl restart nginx'))).json();
    expect(out.hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'deny' });
    expect(out.hookSpecificOutput.permissionDecisionReason).toMatch(ASK_AS_DENY);
    expect((await last())[0]).toMatchObject({ decision: 'ask', hook_type: 'PreToolUse' });
  });

  it('a safe command gets {}: Codex\'s own approval rules still apply', async () => {
    const res = await post(bash('npm test'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
  });

  it('apply_patch writing /etc/sudoers is denied; a patch inside the project is not', async () => {
    const evil = '*** Begin Patch\n*** Update File: src/cart.ts\n@@\n-a\n+b\n*** Add File: /etc/sudoers\n+dev ALL=(ALL) NOPASSWD: ALL\n*** End Patch\n';
    const out = (await post(codexBody('PreToolUse', { tool_name: 'apply_patch', tool_input: { command: evil }, tool_use_id: 'call_p1' }))).json();
    expect(out.hookSpecificOutput).toMatchObject({ permissionDecision: 'deny' });
    expect(out.hookSpecificOutput.permissionDecisionReason).toContain('/etc/sudoers');
    const fine = '*** Begin Patch\n*** Update File: src/cart.ts\n@@\n-return 0;\n+return 1;\n*** End Patch\n';
    expect((await post(codexBody('PreToolUse', { tool_name: 'apply_patch', tool_input: { command: fine }, tool_use_id: 'call_p2' }))).json()).toEqual({});
  });

  it('an apply_patch it cannot read is asked about (as a deny), never let through', async () => {
    const out = (await post(codexBody('PreToolUse', { tool_name: 'apply_patch', tool_input: { command: 'rewrite everything' }, tool_use_id: 'call_p3' }))).json();
    expect(out.hookSpecificOutput.permissionDecisionReason).toMatch(ASK_AS_DENY);
  });

  it('PermissionRequest: a dangerous command is refused in its own shape, an ask leaves Codex\'s prompt to the user', async () => {
    const deny = await post(codexBody('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'rm -rf /', description: 'clean' } }));
    expect(deny.json()).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: expect.stringMatching(/^hookhive: \S/) } },
    });
    expect((await post(codexBody('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'sudo systemctl restart nginx' } }))).json()).toEqual({});
  });

  it('a non-decision event is answered {} even for a dangerous command, and stored with its decision', async () => {
    const out = (await post({ ...bash('rm -rf /'), hook_event_name: 'PostToolUse', tool_response: '' })).json();
    expect(out).toEqual({});
    expect((await last())[0]).toMatchObject({ hook_type: 'PostToolUse', decision: 'deny', source: 'codex' });
  });
});

describe('POST /hooks/codex: events', () => {
  it('every event Codex sends is a 200 and stored under its name, with agent and agent_event', async () => {
    for (const name of CODEX_INFO.events) {
      const extra = name === 'PreToolUse' ? { tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 'call_ls' } : {};
      const res = await post(codexBody(name, { last_assistant_message: null, ...extra }));
      expect(res.statusCode, name).toBe(200);
    }
    const stored = await last(CODEX_INFO.events.length);
    expect(stored.map((e: { hook_type: string }) => e.hook_type)).toEqual([...CODEX_INFO.events]);
    for (const e of stored) {
      expect(e.metadata).toEqual({ agent: 'codex', agent_event: e.hook_type });
      expect(e).toMatchObject({ source: 'codex', agent_id: SESSION, session_id: SESSION });
    }
    expect(await unknownCount()).toBe(0);
  });

  it('a subagent\'s id becomes the agent; else X-Agent-Id', async () => {
    await post(codexBody('SubagentStart', { agent_id: 'agent-42', agent_type: 'explorer' }));
    expect((await last())[0].agent_id).toBe('agent-42');
    await post(codexBody('Stop'), { 'x-agent-id': 'ci-runner' });
    expect((await last())[0].agent_id).toBe('ci-runner');
  });

  it('an invented event name is stored under its own name and counted, never refused', async () => {
    const res = await post(codexBody('TurnTeleported', { destination: 'mars' }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    expect((await last())[0]).toMatchObject({ hook_type: 'TurnTeleported', metadata: { agent: 'codex', agent_event: 'TurnTeleported' }, payload: { destination: 'mars' } });
    expect(await unknownCount()).toBe(1);
  });

  it('a retry of the same tool call is stored once and answered the same', async () => {
    const body = bash('rm -rf /', { tool_use_id: 'call_same' });
    const first = (await post(body)).json();
    const second = (await post(body)).json();
    expect(second).toEqual(first);
    expect((await app.inject({ url: '/hooks/events?limit=100' })).json().events).toHaveLength(1);
  });
});

describe('POST /hooks/codex: bodies it cannot read', () => {
  it('wrong types on a decision event: 200 with the fail decision (ask, sent as a deny)', async () => {
    for (const body of [{ ...bash('ls'), tool_input: 5 }, { ...bash('ls'), session_id: 42 }, { ...bash('ls'), stop_hook_active: 'yes' }]) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(200);
      expect(res.json().hookSpecificOutput.permissionDecisionReason, JSON.stringify(body)).toMatch(ASK_AS_DENY);
    }
  });

  it('malformed JSON with the event name readable: 200 with the fail decision', async () => {
    const res = await postRaw('{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"rm -rf /"');
    expect(res.statusCode).toBe(200);
    expect(res.json().hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'deny' });
    expect(res.json().hookSpecificOutput.permissionDecisionReason).toMatch(ASK_AS_DENY);
    expect(await metric(/hooks_fail_closed_total\{cause="bad_body"\} (\d+)/)).toBeGreaterThanOrEqual(1);
  });

  it('HOOK_FAIL_DECISION=deny: the fail decision is a plain deny', async () => {
    const strict = await makeApp({ HOOK_FAIL_DECISION: 'deny' });
    const res = await strict.inject({ method: 'POST', url: '/hooks/codex', payload: { ...bash('ls'), tool_input: 5 } });
    expect(res.json().hookSpecificOutput).toMatchObject({ permissionDecision: 'deny', permissionDecisionReason: expect.stringMatching(/^hookhive: .*blocked/) });
    await strict.close();
  });

  it('a non-decision event that cannot be read is answered with the error', async () => {
    const res = await postRaw('{"hook_event_name":"Stop", oops');
    expect(res.statusCode).toBe(400);
  });
});
