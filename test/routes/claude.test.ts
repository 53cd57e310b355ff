// POST /hooks/claude: Claude Code's body in, Claude Code's hook output out (deny/ask/safe, never approve).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp, claudeBody } from '../helpers/app.js';
import { CLAUDE_EVENTS, defaultPriority } from '../../src/schemas/hook-types.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(async () => {
  await app.close();
});

const unknownCount = async () => {
  const m = /hooks_unknown_event_types_total\{dialect="claude"\} (\d+)/.exec((await app.inject({ url: '/metrics' })).body);
  return m ? Number(m[1]) : 0;
};

const postClaude = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/hooks/claude', payload: payload as object, headers });

describe('POST /hooks/claude', () => {
  it('denies rm -rf / with a PreToolUse permissionDecision and a plain reason', async () => {
    const res = await postClaude(claudeBody('rm -rf /'));
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'deny' });
    expect(out.hookSpecificOutput.permissionDecisionReason).toBe("hookhive: Blocked a recursive delete of '/': it would remove the whole file system.");
    expect(Object.keys(out)).toEqual(['hookSpecificOutput']);
  });

  it('asks for a HIGH risk command', async () => {
    const out = (await postClaude(claudeBody('sudo systemctl restart nginx'))).json();
    expect(out.hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'ask' });
  });

  it('answers {} for a safe command: no decision, never an auto-approve', async () => {
    const res = await postClaude(claudeBody('npm test'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
  });

  it('answers {} for non-PreToolUse events even when the command was dangerous', async () => {
    const out = (
      await postClaude(claudeBody('rm -rf /', { hook_event_name: 'PostToolUse', tool_response: { stdout: '' } }))
    ).json();
    expect(out).toEqual({});
    const stored = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(stored).toMatchObject({ hook_type: 'PostToolUse', decision: 'deny', source: 'claude' });
  });

  it('keeps unknown fields of newer Claude Code releases and stores the whole body', async () => {
    const body = claudeBody('ls', { prompt_id: 'p-1', effort: 'high', background_tasks: [], future_field: { a: 1 } });
    const res = await postClaude(body);
    expect(res.statusCode).toBe(200);
    const stored = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(stored.payload).toMatchObject({ prompt_id: 'p-1', effort: 'high', future_field: { a: 1 } });
    expect(stored).toMatchObject({ hook_type: 'PreToolUse', session_id: 'c0ffee-session', priority: 3 });
  });

  it('takes the agent id from the body, else X-Agent-Id, else the session id', async () => {
    await postClaude(claudeBody('ls', { agent_id: 'sub-7' }));
    let e = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(e.agent_id).toBe('sub-7');
    await postClaude(claudeBody('ls'), { 'x-agent-id': 'from-header' });
    e = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(e.agent_id).toBe('from-header');
    await postClaude(claudeBody('ls'));
    e = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(e.agent_id).toBe('c0ffee-session');
  });

  it('accepts the events the real CLI sends without tool fields', async () => {
    for (const [name, extra] of [
      ['UserPromptSubmit', { prompt: 'fix the bug' }],
      ['Stop', { stop_hook_active: false }],
      ['SubagentStart', { agent_id: 'a1', agent_type: 'Explore' }],
      ['SubagentStop', { agent_id: 'a1', stop_hook_active: false }],
      ['SessionEnd', { reason: 'exit' }],
      ['Notification', { message: 'Claude needs your permission' }],
    ] as const) {
      const res = await postClaude({ session_id: 's', transcript_path: '/t', cwd: '/c', hook_event_name: name, ...extra });
      expect(res.statusCode, name).toBe(200);
      expect(res.json()).toEqual({});
    }
  });

  it('the same tool use reported twice is stored once', async () => {
    const body = claudeBody('ls', { tool_use_id: 'toolu_same' });
    await postClaude(body);
    await postClaude(body);
    const all = (await app.inject({ url: '/hooks/events?limit=100' })).json().events;
    expect(all).toHaveLength(1);
  });

  it('stores every one of Claude Code\'s 33 event names under its own name, with its priority', async () => {
    expect(CLAUDE_EVENTS).toHaveLength(33);
    for (const name of CLAUDE_EVENTS) {
      const res = await postClaude({ session_id: 's-all', transcript_path: '/t', cwd: '/c', hook_event_name: name, prompt_id: `p-${name}` });
      expect(res.statusCode, name).toBe(200);
    }
    const stored = (await app.inject({ url: '/hooks/events?limit=100' })).json().events as { hook_type: string; priority: number; metadata: Record<string, unknown> }[];
    expect(stored.map((e) => e.hook_type)).toEqual([...CLAUDE_EVENTS]);
    for (const e of stored) {
      expect(e.metadata).toEqual({ agent: 'claude-code', agent_event: e.hook_type });
      expect(e.priority, e.hook_type).toBe(defaultPriority(e.hook_type));
    }
    expect(stored.find((e) => e.hook_type === 'StopFailure')?.priority).toBe(1);
    expect(stored.find((e) => e.hook_type === 'PermissionDenied')?.priority).toBe(3);
    expect(stored.find((e) => e.hook_type === 'FileChanged')?.priority).toBe(5);
    expect(await unknownCount()).toBe(0);
  });

  it('an event name released after this service is stored under its own name and counted, never refused', async () => {
    const res = await postClaude({ session_id: 's', hook_event_name: 'Teleport', destination: 'mars' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    const stored = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(stored).toMatchObject({ hook_type: 'Teleport', priority: 5, payload: { destination: 'mars' } });
    expect(await unknownCount()).toBe(1);
    // The Prometheus labels stay bounded: an unknown name is counted as `other`.
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/hooks_processed_total\{hook_type="other",decision="allow"\} 1/);
    expect(text).not.toContain('Teleport');
  });

  it('an unknown event carrying a dangerous command is still judged and stored with its decision', async () => {
    const res = await postClaude(claudeBody('rm -rf /', { hook_event_name: 'PreToolBatchFuture' }));
    expect(res.statusCode).toBe(200);
    const stored = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(stored).toMatchObject({ hook_type: 'PreToolBatchFuture', decision: 'deny', risk: 'CRITICAL' });
  });

  it('an event name that is not a plain name is unreadable: a decision, never a 400 (CONTRACT §3a)', async () => {
    for (const name of ['', 'x'.repeat(101), 'Pre Tool', '../etc', 42]) {
      const res = await postClaude(claudeBody('rm -rf /', { hook_event_name: name }));
      expect(res.statusCode, String(name)).toBe(200);
      expect(res.json().hookSpecificOutput, String(name)).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'ask' });
    }
  });

  it('PermissionRequest: a dangerous command is denied in the dialog\'s own shape, an ask says nothing', async () => {
    const deny = await postClaude(claudeBody('rm -rf /', { hook_event_name: 'PermissionRequest' }));
    expect(deny.json()).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: expect.stringContaining('hookhive: ') } },
    });
    const ask = await postClaude(claudeBody('sudo systemctl restart nginx', { hook_event_name: 'PermissionRequest' }));
    expect(ask.json()).toEqual({});
  });

  it('a file write to /etc/sudoers is denied, a read of ~/.ssh is asked', async () => {
    const write = (
      await postClaude(claudeBody('', { tool_name: 'Write', tool_input: { file_path: '/etc/sudoers', content: 'x' } }))
    ).json();
    expect(write.hookSpecificOutput?.permissionDecision).toBe('deny');
    const read = (
      await postClaude(claudeBody('', { tool_name: 'Read', tool_input: { file_path: '/home/dev/.ssh/id_ed25519' } }))
    ).json();
    expect(read.hookSpecificOutput?.permissionDecision).toBe('ask');
  });
});

describe('security switches reach the answers', () => {
  it('HOOK_DANGEROUS_COMMAND_BLOCKING=false turns a CRITICAL deny into ask', async () => {
    const soft = await makeApp({ HOOK_DANGEROUS_COMMAND_BLOCKING: false });
    const out = (await soft.inject({ method: 'POST', url: '/hooks/claude', payload: claudeBody('rm -rf /') })).json();
    expect(out.hookSpecificOutput).toMatchObject({ permissionDecision: 'ask' });
    const r = (await soft.inject({ method: 'POST', url: '/hooks', payload: { hook_type: 'PreToolUse', agent_id: 'a', payload: { command: 'rm -rf /' } } })).json();
    expect(r).toMatchObject({ decision: 'ask', risk: 'CRITICAL' });
    await soft.close();
  });

  it('HOOK_SECURITY_VALIDATION_ENABLED=false decides nothing', async () => {
    const off = await makeApp({ HOOK_SECURITY_VALIDATION_ENABLED: false });
    const out = (await off.inject({ method: 'POST', url: '/hooks/claude', payload: claudeBody('rm -rf /') })).json();
    expect(out).toEqual({});
    await off.close();
  });

  it('HOOK_SECURITY_AUDIT_MODE=true reports the risk but never blocks', async () => {
    const audit = await makeApp({ HOOK_SECURITY_AUDIT_MODE: true });
    const out = (await audit.inject({ method: 'POST', url: '/hooks/claude', payload: claudeBody('rm -rf /') })).json();
    expect(out).toEqual({});
    const r = (await audit.inject({ method: 'POST', url: '/hooks', payload: { hook_type: 'PreToolUse', agent_id: 'a', payload: { command: 'rm -rf /' } } })).json();
    expect(r).toMatchObject({ decision: 'allow', risk: 'CRITICAL' });
    await audit.close();
  });
});
