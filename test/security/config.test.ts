// Tests of the configuration API, rules file, audit mode, cache, metrics and payload handling.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createSecurityValidator } from '../../src/security/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hookhive-sec-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
// Judgement tests get a generous budget: on a busy machine 50 ms can run out (a fail-closed ask).
const base = { enabled: true, blocking: true, commandBudgetMs: 10_000 } as const;

async function metric(reg: Registry, name: string, labels?: Record<string, string>): Promise<number> {
  const m = (await reg.getMetricsAsJSON()).find((x) => x.name === name);
  if (m === undefined) return NaN;
  const vals = m.values.filter((v) => labels === undefined || Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return vals.reduce((s, v) => s + v.value, 0);
}

describe('configuration API', () => {
  it('addDangerousCommand matches normalised simple commands and clears the cache', async () => {
    const v = await createSecurityValidator(base);
    // `npm publish` is judged by the publish pack now; a project-specific release target is what operators add.
    expect((await v.validateCommand('make release TAG=next')).decision).toBe('allow');
    v.addDangerousCommand({ pattern: 'make release', riskLevel: 'HIGH', description: 'Publishing a package needs a human.' });
    const r = await v.validateCommand('m""ake release TAG=next');
    expect(r.decision).toBe('ask');
    expect(r.rule).toBe('custom.rule-1');
    expect(r.reason).toBe('Publishing a package needs a human.');
    expect((await v.validateCommand('echo "make release"')).decision).toBe('allow');
    v.addDangerousCommand({ pattern: /^terraform apply/, riskLevel: 'MEDIUM', description: 'No applies.', blockExecution: true, id: 'no-apply' });
    const t = await v.validateCommand('sudo terraform apply');
    expect(t.decision).toBe('deny');
    expect(t.findings.map((f) => f.rule)).toContain('custom.no-apply');
  });

  it('custom validators: a hit, a throw and a timeout are at least ask and counted', async () => {
    const registry = new Registry();
    const v = await createSecurityValidator({ ...base, registry, customValidatorTimeoutMs: 20 });
    v.addCustomValidator((c) => ({ dangerous: c.includes('prod'), risk: 'HIGH', reason: 'Touches production.' }));
    expect((await v.validateCommand('deploy prod')).reason).toBe('Touches production.');
    expect((await v.validateCommand('deploy dev')).decision).toBe('allow');
    v.addCustomValidator(() => {
      throw new Error('boom');
    });
    const thrown = await v.validateCommand('ls');
    expect(thrown.decision).toBe('ask');
    expect(thrown.rule).toBe('custom.validator-error');
    const w = await createSecurityValidator({ ...base, registry: new Registry(), customValidatorTimeoutMs: 20 });
    w.addCustomValidator(() => new Promise(() => {}));
    const timed = await w.validateCommand('ls');
    expect(timed.decision).toBe('ask');
    expect(timed.rule).toBe('custom.validator-timeout');
    expect(await metric(registry, 'hooks_security_custom_validator_failures_total')).toBe(1);
  });

  it('allowlist drops findings of allowed commands and clears the cache', async () => {
    const v = await createSecurityValidator(base);
    expect((await v.validateCommand('rm -rf /tmp/cache-old/x')).decision).toBe('allow');
    expect((await v.validateCommand('rm -rf /usr/local')).decision).toBe('deny');
    v.allow('rm -rf /usr/local');
    expect((await v.validateCommand('rm -rf /usr/local')).decision).toBe('allow');
    expect((await v.validateCommand('rm -rf /usr/local /')).decision).toBe('deny');
    v.allow(/^git push --force origin feature\//);
    expect((await v.validateCommand('git push --force origin feature/x')).decision).toBe('allow');
    expect((await v.validateCommand('$X')).decision).toBe('ask');
  });

  it('audit mode reports but never blocks', async () => {
    const v = await createSecurityValidator({ ...base, auditMode: true });
    const r = await v.validateCommand('rm -rf /');
    expect(r).toMatchObject({ risk: 'CRITICAL', decision: 'allow', audit: true, rule: 'fs.rm-root' });
  });

  it('blocking=false turns CRITICAL into ask; disabled allows everything', async () => {
    const v = await createSecurityValidator({ enabled: true, blocking: false });
    expect((await v.validateCommand('rm -rf /')).decision).toBe('ask');
    const off = await createSecurityValidator({ enabled: false, blocking: true });
    expect(await off.validateCommand('rm -rf /')).toMatchObject({ risk: 'SAFE', decision: 'allow', rule: 'disabled' });
  });
});

describe('rules file', () => {
  it('loads JSON', async () => {
    const p = file('rules.json', JSON.stringify({ allow: ['rm -rf /var/lib/app'], rules: [{ pattern: '/^make deploy/', risk: 'HIGH', description: 'Deploys need a human.' }] }));
    const v = await createSecurityValidator({ ...base, rulesFile: p });
    expect((await v.validateCommand('rm -rf /var/lib/app')).decision).toBe('allow');
    expect((await v.validateCommand('make deploy ENV=prod')).decision).toBe('ask');
  });

  it('loads YAML with deny, block and auditMode', async () => {
    const p = file('rules.yaml', 'auditMode: false\ndeny:\n  - pattern: "npm publish"\n    risk: MEDIUM\n    description: Publishing is blocked.\n    block: true\n    id: publish\n');
    const v = await createSecurityValidator({ ...base, rulesFile: p });
    expect(await v.validateCommand('npm publish')).toMatchObject({ decision: 'deny', rule: 'custom.publish' });
  });

  it('a bad file rejects with a message naming the file and the problem', async () => {
    const bad: [string, string, RegExp][] = [
      ['bad1.json', '{ not json', /not valid JSON/],
      ['bad2.yaml', 'rules:\n  - pattern: x\n    risk: SEVERE\n    description: d\n', /rules\[0\]\.risk must be one of/],
      ['bad3.yaml', 'rulez: []\n', /unknown key "rulez"/],
      ['bad4.yaml', 'allow: [1]\n', /allow\[0\] must be a non-empty string/],
      ['bad5.yaml', 'rules:\n  - pattern: "/(/"\n    risk: HIGH\n    description: d\n', /not a valid regular expression/],
      ['bad6.yaml', 'rules:\n  - pattern: x\n    risk: HIGH\n', /description/],
    ];
    for (const [name, text, re] of bad) {
      const p = file(name, text);
      const err = await createSecurityValidator({ ...base, rulesFile: p }).catch((e: Error) => e);
      expect(err, name).toBeInstanceOf(Error);
      expect((err as Error).message, name).toContain(p);
      expect((err as Error).message, name).toMatch(re);
    }
    await expect(createSecurityValidator({ ...base, rulesFile: join(dir, 'missing.yaml') })).rejects.toThrow(/missing\.yaml: cannot be read/);
  });
});

describe('cache and metrics', () => {
  it('hits the cache on repeats and counts validations, hits, parse failures and durations', async () => {
    const registry = new Registry();
    const v = await createSecurityValidator({ ...base, registry });
    await v.validateCommand('rm -rf /');
    await v.validateCommand('rm -rf /');
    await v.validateCommand('  rm -rf /  ');
    await v.validateCommand('echo "broken');
    await v.validateCommand('git status');
    expect(await metric(registry, 'hooks_security_cache_hits_total')).toBe(2);
    expect(await metric(registry, 'hooks_security_validations_total', { risk: 'CRITICAL', decision: 'deny' })).toBe(3);
    expect(await metric(registry, 'hooks_security_validations_total', { risk: 'SAFE', decision: 'allow' })).toBe(1);
    expect(await metric(registry, 'hooks_security_parse_failures_total')).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain('hooks_security_validation_seconds_bucket');
    expect(text).toMatch(/hooks_security_validation_seconds_count 5/);
  });

  it('registers nothing on the global registry', async () => {
    const { register } = await import('prom-client');
    await createSecurityValidator({ ...base, registry: new Registry() });
    expect(register.getSingleMetric('hooks_security_validations_total')).toBeUndefined();
  });

  it('expires entries after the TTL', async () => {
    const registry = new Registry();
    const v = await createSecurityValidator({ ...base, registry, cacheTtlMs: 10 });
    v.validateCommandSync('ls $X');
    await new Promise((r) => setTimeout(r, 30));
    v.validateCommandSync('ls $X');
    expect(await metric(registry, 'hooks_security_cache_hits_total')).toBe(0);
  });
});

describe('validatePayload', () => {
  it('finds the command in every supported place', async () => {
    const v = await createSecurityValidator(base);
    for (const payload of [{ command: 'rm -rf /' }, { tool_name: 'Bash', tool_input: { command: 'rm -rf /' } }, { parameters: { command: 'rm -rf /' } }]) {
      expect((await v.validatePayload(payload, 'PreToolUse')).decision).toBe('deny');
    }
    expect(await v.validatePayload({ prompt: 'hi' }, 'UserPromptSubmit')).toEqual({ risk: 'SAFE', decision: 'allow', reasons: [], findings: [] });
    const post = await v.validatePayload({ tool_name: 'Bash', tool_input: { command: 'git push -f' }, tool_response: {} }, 'PostToolUse');
    expect(post.decision).toBe('ask');
  });

  it('fails closed on a command that is neither text nor a list of words', async () => {
    const v = await createSecurityValidator(base);
    for (const command of [42, { argv: ['rm'] }, ['rm', 7], true]) {
      const r = await v.validatePayload({ tool_input: { command } }, 'PreToolUse');
      expect(r, JSON.stringify(command)).toMatchObject({ decision: 'ask', rule: 'input.bad-command' });
    }
  });

  it('judges file tools by path', async () => {
    const v = await createSecurityValidator(base);
    const j = (tool_name: string, file_path: string, cwd?: string) => v.validatePayload({ tool_name, tool_input: { file_path }, cwd }, 'PreToolUse');
    expect((await j('Write', '/etc/sudoers')).decision).toBe('deny');
    expect((await j('Edit', '/etc/sudoers.d/agent')).decision).toBe('deny');
    expect((await j('Write', '/home/alice/.ssh/authorized_keys')).decision).toBe('deny');
    expect((await j('Edit', '/etc/nginx/nginx.conf')).decision).toBe('ask');
    expect((await j('Write', '/home/alice/.aws/credentials')).decision).toBe('ask');
    expect((await j('MultiEdit', '/home/alice/.bashrc')).decision).toBe('ask');
    expect((await j('Write', '.env', '/work/app')).decision).toBe('ask');
    expect((await j('Read', '/work/app/.env')).decision).toBe('ask');
    expect((await j('Read', '/home/alice/.ssh/id_rsa')).decision).toBe('ask');
    expect((await j('Read', '/etc/hosts')).decision).toBe('ask');
    expect((await j('Read', '/work/app/.env.example')).decision).toBe('allow');
    expect((await j('Write', '/work/app/src/index.ts')).decision).toBe('allow');
    expect((await j('Edit', 'src/app.ts', '/work/app')).decision).toBe('allow');
    // Relative paths climbing out of the project: resolved against cwd, or judged at worst without one.
    expect((await j('Read', '../../../etc/shadow', '/home/alice/app')).decision).toBe('ask');
    expect((await j('Read', '../../../etc/shadow')).decision).toBe('ask');
    expect((await j('Write', '../../etc/sudoers')).decision).toBe('deny');
    expect((await j('Edit', '../sibling/src/x.ts')).decision).toBe('allow');
    const nb = await v.validatePayload({ tool_name: 'NotebookEdit', tool_input: { notebook_path: '/etc/x.ipynb' } }, 'PreToolUse');
    expect(nb.decision).toBe('ask');
    const r = await j('Write', '/etc/sudoers');
    expect(r.reason).toMatch(/^Blocked Write of '\/etc\/sudoers'/);
  });
});
