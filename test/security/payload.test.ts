// validatePayload judges every command-bearing field (text or argv), the worst decides, within the request's deadline.
import { describe, expect, it } from 'vitest';
import { COMMAND_PATHS, commandFields, commandText, createSecurityValidator } from '../../src/security/index.js';

// Judgement tests get a generous budget: on a busy machine 50 ms can run out (a fail-closed ask).
const base = { enabled: true, blocking: true, commandBudgetMs: 10_000 } as const;

describe('every command field', () => {
  it('is judged: a harmless command next to a dangerous one does not hide it', async () => {
    const v = await createSecurityValidator(base);
    const r = await v.validatePayload({ command: 'ls', tool_input: { command: 'rm -rf /' } }, 'PreToolUse');
    expect(r).toMatchObject({ decision: 'deny', rule: 'fs.rm-root', command: 'rm -rf /' });
    const swapped = await v.validatePayload({ command: 'rm -rf /', tool_input: { command: 'ls' } }, 'PreToolUse');
    expect(swapped).toMatchObject({ decision: 'deny', command: 'rm -rf /' });
    const third = await v.validatePayload({ command: 'ls', tool_input: { command: 'pwd' }, parameters: { command: 'git push --force' } }, 'PreToolUse');
    expect(third).toMatchObject({ decision: 'ask', rule: 'git.force-push', command: 'git push --force' });
  });

  it('keeps every finding, with the worst first and its command on the verdict', async () => {
    const v = await createSecurityValidator(base);
    const r = await v.validatePayload({ command: 'git push --force', parameters: { command: 'sudo rm -rf /etc' } }, 'PreToolUse');
    expect(r.command).toBe('sudo rm -rf /etc');
    expect(r.findings[0].rule).toBe('fs.rm-system');
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['fs.rm-system', 'privilege.sudo', 'git.force-push']));
  });

  it('judges identical commands once', async () => {
    const v = await createSecurityValidator(base);
    const seen: string[] = [];
    v.addCustomValidator((c) => {
      seen.push(c);
      return { dangerous: false };
    });
    await v.validatePayload({ command: 'ls -la', tool_input: { command: 'ls -la' }, parameters: { command: 'pwd' } }, 'PreToolUse');
    expect(seen).toEqual(['ls -la', 'pwd']);
  });

  it('judges an argv array as the command of those words, each one a single word', async () => {
    const v = await createSecurityValidator(base);
    const rm = await v.validatePayload({ tool_input: { command: ['rm', '-rf', '/'] } }, 'PreToolUse');
    expect(rm).toMatchObject({ decision: 'deny', rule: 'fs.rm-root', command: "'rm' '-rf' '/'" });
    expect((await v.validatePayload({ command: ['bash', '-c', 'curl x | sh'] }, 'PreToolUse')).rule).toBe('exec.download');
    // Shell syntax inside one word is data, not code.
    const data = await v.validatePayload({ command: ['echo', "it's; rm -rf / $(reboot)"] }, 'PreToolUse');
    expect(data).toMatchObject({ decision: 'allow', command: `'echo' 'it'\\''s; rm -rf / $(reboot)'` });
    expect(commandText(['a b', "c'd", ''])).toBe(`'a b' 'c'\\''d' ''`);
  });

  it('reads the table, plus extra paths for other agents', async () => {
    expect(COMMAND_PATHS).toEqual(['command', 'tool_input.command', 'parameters.command']);
    const payload = { command: 'a', tool_input: { command: 'b', cmd: ['c'] }, parameters: null, args: { shell: 'd' } };
    expect(commandFields(payload).map((f) => f.value)).toEqual(['a', 'b']);
    expect(commandFields(payload, ['args.shell', 'tool_input.cmd', 'nope.x', 'command.length'])).toEqual([
      { path: 'args.shell', value: 'd' },
      { path: 'tool_input.cmd', value: ['c'] },
    ]);
    const plain = await createSecurityValidator(base);
    const extended = await createSecurityValidator({ ...base, extraCommandPaths: ['tool_input.cmd'] });
    const p = { tool_name: 'Shell', tool_input: { cmd: 'rm -rf ~' } };
    expect((await plain.validatePayload(p, 'PreToolUse')).decision).toBe('allow');
    expect(await extended.validatePayload(p, 'PreToolUse')).toMatchObject({ decision: 'deny', command: 'rm -rf ~' });
  });

  it('still judges a file tool path next to its command fields', async () => {
    const v = await createSecurityValidator(base);
    const r = await v.validatePayload({ tool_name: 'Write', tool_input: { file_path: '/etc/sudoers', command: 'ls' } }, 'PreToolUse');
    expect(r).toMatchObject({ decision: 'deny', command: 'Write /etc/sudoers' });
    const long = await v.validatePayload({ tool_name: 'Read', tool_input: { file_path: '/a'.repeat(20000) } }, 'PreToolUse');
    expect(long).toMatchObject({ decision: 'ask', rule: 'input.too-large', failClosed: 'too_complex' });
  });
});

describe('the request deadline', () => {
  it('past, no command is analysed: request_budget, ask (deny with failDecision deny)', async () => {
    const v = await createSecurityValidator(base);
    const past = performance.now() - 1;
    const r = await v.validatePayload({ tool_input: { command: 'ls' } }, 'PreToolUse', { deadline: past });
    expect(r).toMatchObject({ decision: 'ask', rule: 'request.deadline', failClosed: 'request_budget', command: 'ls' });
    expect(r.reason).toMatch(/^The PreToolUse hook ran out of time/);
    const strict = await createSecurityValidator({ ...base, failDecision: 'deny' });
    expect((await strict.validatePayload({ command: 'ls' }, 'PreToolUse', { deadline: past })).decision).toBe('deny');
    const audit = await createSecurityValidator({ ...base, auditMode: true });
    expect(await audit.validatePayload({ command: 'ls' }, 'PreToolUse', { deadline: past })).toMatchObject({ decision: 'allow', audit: true, failClosed: 'request_budget' });
    // A deadline in the future changes nothing.
    expect((await v.validatePayload({ command: 'ls' }, 'PreToolUse', { deadline: performance.now() + 10_000 })).failClosed).toBeUndefined();
  });

  it('reached midway: the commands after it are not analysed', async () => {
    const v = await createSecurityValidator({ ...base, customValidatorTimeoutMs: 1000 });
    const called: string[] = [];
    v.addCustomValidator(async (c) => {
      called.push(c);
      await new Promise((r) => setTimeout(r, 300));
      return { dangerous: false };
    });
    const t0 = performance.now();
    const r = await v.validatePayload({ command: 'ls $A', tool_input: { command: 'ls $B' } }, 'PostToolUse', { deadline: t0 + 15 });
    // Answered near the deadline, not after the validator (300 ms); the margin is for a busy machine.
    expect(performance.now() - t0).toBeLessThan(200);
    expect(called).toEqual(['ls $A']);
    expect(r).toMatchObject({ decision: 'ask', failClosed: 'request_budget' });
    expect(r.reason).toMatch(/^The PostToolUse hook/);
  });

  it('shortens a command analysis to the time left', async () => {
    const v = await createSecurityValidator({ ...base, cacheSize: 0, commandBudgetMs: 10_000 });
    const slow = 'echo ' + '{a,b}'.repeat(20) + ' && ' + Array.from({ length: 1500 }, (_, i) => `a$x${i}`).join(' | ');
    const t0 = performance.now();
    const r = await v.validatePayload({ command: slow }, 'PreToolUse', { deadline: t0 + 5 });
    expect(r.failClosed).toMatch(/^(validator_timeout|request_budget)$/);
    expect(performance.now() - t0).toBeLessThan(150);
  });
});
