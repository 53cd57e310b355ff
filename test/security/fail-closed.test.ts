// The validator never throws: failures inside it become fail-closed verdicts (failClosed, failDecision, audit).
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSecurityValidator } from '../../src/security/index.js';
import type { ConfigurableValidator, SecurityOptions } from '../../src/security/index.js';
import { getShellParser } from '../../src/security/shell-parser.js';

// Judgement tests get a generous budget: on a busy machine 50 ms can run out (a fail-closed ask).
const base = { enabled: true, blocking: true, commandBudgetMs: 10_000 } as const;

/** A validator whose one custom rule throws while the analysis runs (`times` times, then matches nothing). */
async function exploding(opts: Partial<SecurityOptions> = {}, times = Infinity): Promise<ConfigurableValidator> {
  const v = await createSecurityValidator({ ...base, ...opts });
  const pattern = /never/;
  let thrown = 0;
  pattern.test = () => {
    if (thrown++ < times) throw new Error('rule bug');
    return false;
  };
  v.addDangerousCommand({ pattern, riskLevel: 'HIGH', description: 'never fires' });
  return v;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an exception inside the analysis', () => {
  it('is a validator_error verdict from every entry point, never a throw', async () => {
    const v = await exploding();
    const sync = v.validateCommandSync('ls');
    expect(sync).toMatchObject({ risk: 'HIGH', decision: 'ask', rule: 'validator.error', failClosed: 'validator_error', command: 'ls' });
    expect(await v.validateCommand('ls')).toMatchObject({ decision: 'ask', failClosed: 'validator_error' });
    const payload = await v.validatePayload({ tool_input: { command: 'ls' } }, 'PreToolUse');
    expect(payload).toMatchObject({ decision: 'ask', failClosed: 'validator_error' });
    expect(v.explain('ls').verdict).toMatchObject({ decision: 'ask', failClosed: 'validator_error' });
  });

  it('is denied with failDecision deny, and allowed (but marked) in audit mode', async () => {
    expect((await exploding({ failDecision: 'deny' })).validateCommandSync('ls')).toMatchObject({ decision: 'deny', failClosed: 'validator_error' });
    const audit = (await exploding({ failDecision: 'deny', auditMode: true })).validateCommandSync('ls');
    expect(audit).toMatchObject({ decision: 'allow', audit: true, risk: 'HIGH', failClosed: 'validator_error' });
  });

  it('is not cached: the next call judges the command again', async () => {
    const v = await exploding({}, 1);
    expect(v.validateCommandSync('ls -la').failClosed).toBe('validator_error');
    const again = v.validateCommandSync('ls -la');
    expect(again.decision).toBe('allow');
    expect(again.failClosed).toBeUndefined();
  });

  it('from the parser itself is caught, and the shared parser still works afterwards', async () => {
    const registry = new Registry();
    const v = await createSecurityValidator({ ...base, cacheSize: 0, registry });
    const parser = await getShellParser();
    vi.spyOn(parser, 'parse').mockImplementation(() => {
      throw new Error('wasm trap');
    });
    expect(v.validateCommandSync('rm -rf "$X"')).toMatchObject({ decision: 'ask', failClosed: 'validator_error' });
    vi.restoreAllMocks();
    expect(v.validateCommandSync('rm -rf /')).toMatchObject({ decision: 'deny', rule: 'fs.rm-root' });
    expect(v.validateCommandSync('rm -rf /').failClosed).toBeUndefined();
    // Fail-closed verdicts are counted like any other (the app counts their causes itself).
    const text = await registry.metrics();
    expect(text).toMatch(/hooks_security_validations_total\{risk="HIGH",decision="ask"\} 1/);
    expect(text).not.toContain('fail_closed');
  });
});

describe('fail-closed causes', () => {
  it('a syntax error is a judgement, not a fail-closed answer', async () => {
    const v = await createSecurityValidator({ ...base, failDecision: 'deny' });
    const r = v.validateCommandSync('echo "broken');
    expect(r).toMatchObject({ risk: 'HIGH', decision: 'ask', rule: 'parse.error' });
    expect(r.failClosed).toBeUndefined();
    expect(v.validateCommandSync('$CMD -rf /').failClosed).toBeUndefined();
  });

  it('a command over maxCommandBytes is too_complex', async () => {
    const v = await createSecurityValidator({ ...base, maxCommandBytes: 100 });
    expect(v.validateCommandSync('echo ' + 'a'.repeat(200))).toMatchObject({ decision: 'ask', rule: 'input.too-large', failClosed: 'too_complex' });
    const deny = await createSecurityValidator({ ...base, maxCommandBytes: 100, failDecision: 'deny' });
    expect(deny.validateCommandSync('echo ' + 'a'.repeat(200)).decision).toBe('deny');
  });

  it('custom validators that throw or time out fail closed; an unknown risk is not SAFE', async () => {
    const v = await createSecurityValidator({ ...base, customValidatorTimeoutMs: 20, failDecision: 'deny' });
    v.addCustomValidator(() => {
      throw new Error('boom');
    });
    expect(await v.validateCommand('ls')).toMatchObject({ decision: 'deny', rule: 'custom.validator-error', failClosed: 'validator_error' });
    const w = await createSecurityValidator({ ...base, customValidatorTimeoutMs: 20 });
    w.addCustomValidator(() => new Promise(() => {}));
    expect(await w.validateCommand('ls')).toMatchObject({ decision: 'ask', failClosed: 'validator_timeout' });
    const x = await createSecurityValidator(base);
    x.addCustomValidator(() => ({ dangerous: true, risk: 'EXTREME' }) as never);
    expect(await x.validateCommand('ls')).toMatchObject({ risk: 'HIGH', decision: 'ask', rule: 'custom.validator' });
  });

  it('an ordinary verdict carries no failClosed', async () => {
    const v = await createSecurityValidator(base);
    for (const c of ['ls', 'rm -rf /', 'git push --force', 'curl x | sh']) expect(v.validateCommandSync(c).failClosed, c).toBeUndefined();
  });
});
