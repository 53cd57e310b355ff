// Window summaries: counts that add up, decisions, processing time, and success detection across dialects.
import { describe, expect, it } from 'vitest';
import { outcomeOf, toolNameOf } from '../../src/aggregation/tool-event.js';
import { OTHER } from '../../src/aggregation/summary.js';
import type { StoredEvent } from '../../src/store/types.js';
import { EventMaker, harness } from './helpers.js';

const T0 = 1_700_000_000_000;

describe('summary counts', () => {
  it('12 PostToolUse (8 Bash with 2 failures, 4 Edit with 1) add up exactly', async () => {
    const { agg, summaries } = harness();
    const m = new EventMaker();
    const events: StoredEvent[] = [];
    for (let i = 0; i < 8; i++) {
      const failure = i === 2 ? { tool_response: { exit_code: 1 } } : i === 5 ? { tool_response: { error: 'denied' } } : {};
      events.push(m.post(T0 + 10 * i, 'Bash', null, failure, { processing_time_ms: 2, decision: i === 7 ? 'ask' : 'allow' }));
    }
    for (let i = 0; i < 4; i++) {
      events.push(m.post(T0 + 100 + i, 'Edit', null, i === 0 ? { success: false } : {}, { processing_time_ms: 5, decision: i === 3 ? 'deny' : 'allow' }));
    }
    agg.ingest(events);
    await agg.tick(T0 + 2000);
    expect(summaries).toHaveLength(1);
    const { tool_usage, ...rest } = summaries[0];
    expect(tool_usage).toEqual({
      Bash: { count: 8, success_count: 6, error_count: 2, unfinished_count: 0, avg_duration_ms: null },
      Edit: { count: 4, success_count: 3, error_count: 1, unfinished_count: 0, avg_duration_ms: null },
    });
    expect(rest).toEqual({
      key: `agent-1|s-1|${T0}`,
      agent_id: 'agent-1',
      session_id: 's-1',
      window_start: new Date(T0).toISOString(),
      window_end: new Date(T0 + 1000).toISOString(),
      event_count: 12,
      hook_types: { PostToolUse: 12 },
      decisions: { allow: 10, ask: 1, deny: 1 },
      avg_processing_time_ms: 3,
      first_event_id: `${T0}-0`,
      last_event_id: `${T0 + 103}-0`,
    });
    const sum = Object.values(tool_usage).reduce((n, t) => n + t.success_count + t.error_count, 0);
    expect(sum).toBe(rest.event_count);
  });

  it('counts every hook type, always reports all three decisions, and averages processing time', async () => {
    const { agg, summaries } = harness();
    const m = new EventMaker();
    agg.ingest([
      m.at(T0, { hook_type: 'SessionStart', processing_time_ms: 0.5 }),
      m.pre(T0 + 1, 'Bash', 'c', { processing_time_ms: 1 }),
      m.at(T0 + 2, { hook_type: 'Stop', processing_time_ms: 1 }),
    ]);
    await agg.tick(T0 + 2000);
    expect(summaries[0]).toMatchObject({
      event_count: 3,
      hook_types: { SessionStart: 1, PreToolUse: 1, Stop: 1 },
      decisions: { allow: 3, ask: 0, deny: 0 },
      avg_processing_time_ms: 0.833,
      tool_usage: {},
    });
  });

  it('treats agent-chosen names as plain keys and bounds how many are kept', async () => {
    const { agg, summaries } = harness();
    const m = new EventMaker();
    const names = Array.from({ length: 300 }, (_, i) => `tool-${i}`);
    agg.ingest([m.post(T0, '__proto__', null), ...names.map((n, i) => m.post(T0 + 1 + i, n, null))]);
    await agg.tick(T0 + 2000);
    const usage = summaries[0].tool_usage;
    expect(Object.hasOwn(usage, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(usage)).toBe(Object.prototype);
    expect(Object.keys(usage)).toHaveLength(257);
    expect(usage[OTHER].count).toBe(301 - 256);
  });
});

describe('success detection', () => {
  const m = new EventMaker();
  const post = (payload: Record<string, unknown>, hookType = 'PostToolUse') => m.at(T0, { hook_type: hookType, payload: { tool_name: 'Bash', ...payload } });

  it.each([
    ['nothing said', {}],
    ['exit code 0', { tool_response: { exit_code: 0, stdout: 'ok' } }],
    ['error null', { tool_response: { error: null } }],
    ['is_error false', { tool_response: { is_error: false } }],
    ['a text response', { tool_response: 'fine' }],
    ['Copilot success', { toolResult: { resultType: 'success', textResultForLlm: 'ok' } }],
  ])('success: %s', (_name, payload) => {
    expect(outcomeOf(post(payload))).toEqual({ outcome: 'success' });
  });

  it.each([
    ['success: false', { success: false }, 'success: false'],
    ['an error in tool_response', { tool_response: { error: 'ENOENT' } }, 'ENOENT'],
    ['an error object', { tool_response: { error: { message: 'bad' } } }, 'bad'],
    ['is_error: true', { tool_response: { is_error: true } }, 'the tool reported an error'],
    ['isError: true', { tool_response: { isError: true, content: 'no such file' } }, 'no such file'],
    ['exit_code 2', { tool_response: { exit_code: 2 } }, 'exit code 2'],
    ['exitCode 1', { tool_response: { exitCode: 1 } }, 'exit code 1'],
    ['returncode as text', { tool_response: { returncode: '127' } }, 'exit code 127'],
    ['exit code on the payload', { exit_code: 1 }, 'exit code 1'],
    ['interrupted', { tool_response: { interrupted: true } }, 'interrupted'],
    ['Copilot failure', { toolResult: { resultType: 'failure' } }, 'result failure'],
  ])('error: %s', (_name, payload, why) => {
    expect(outcomeOf(post(payload))).toEqual({ outcome: 'error', error: why });
  });

  it('PostToolUseFailure is an error, with its error text', () => {
    expect(outcomeOf(post({ error: 'Command failed' }, 'PostToolUseFailure'))).toEqual({ outcome: 'error', error: 'Command failed' });
    expect(outcomeOf(post({}, 'PostToolUseFailure'))).toEqual({ outcome: 'error', error: 'the tool failed' });
    expect(outcomeOf(post({ error: 'x'.repeat(500) }, 'PostToolUseFailure')).error).toHaveLength(200);
  });

  it('names the tool for every dialect', () => {
    expect(toolNameOf(post({}))).toBe('Bash');
    expect(toolNameOf(m.at(T0, { payload: { toolName: 'bash' } }))).toBe('bash');
    expect(toolNameOf(m.at(T0, { payload: { command: 'ls' }, metadata: { agent_event: 'beforeShellExecution' } }))).toBe('Shell');
    expect(toolNameOf(m.at(T0, { payload: { file_path: '/a' }, metadata: { agent_event: 'afterFileEdit' } }))).toBe('Edit');
    expect(toolNameOf(m.at(T0, { payload: {} }))).toBe('unknown');
  });
});
