// Tests of `hookhive validate` (runValidate) with in-memory streams.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../src/cli/validate.js';

const opts = { enabled: true, blocking: true } as const;

async function run(argv: string[], input = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runValidate(argv, { stdin: Readable.from([input]), stdout, stderr }, opts);
  return { code, out, err };
}

describe('hookhive validate', () => {
  it('judges one command given as an argument, and exits with its decision', async () => {
    const r = await run(['rm -rf /']);
    expect(r.code).toBe(2);
    const line = JSON.parse(r.out.trim());
    expect(Object.keys(line)).toEqual(['command', 'risk', 'decision', 'reasons']);
    expect(line).toMatchObject({ command: 'rm -rf /', risk: 'CRITICAL', decision: 'deny' });
    expect(line.reasons[0]).toMatch(/recursive delete/);
    expect((await run(['git status'])).code).toBe(0);
    expect((await run(['git push --force origin main'])).code).toBe(1);
  });

  it('judges each argument as its own command; the worst decides the exit status', async () => {
    const r = await run(['echo rm', '-rf /']);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    // Joined, these would read `echo rm -rf /`; apart, neither runs rm.
    expect(lines.map((l) => [l.command, l.decision])).toEqual([['echo rm', 'allow'], ['-rf /', 'allow']]);
    expect(r.code).toBe(0);
    const mixed = await run(['ls', 'git reset --hard', 'ls -la']);
    expect(mixed.out.trim().split('\n')).toHaveLength(3);
    expect(mixed.code).toBe(1);
    expect((await run(['ls', 'rm -rf ~', 'git reset --hard'])).code).toBe(2);
    expect((await run(['--', '-rf'])).out).toContain('"command":"-rf"');
  });

  it('reads JSON lines or plain text lines, one line out per line in, in order, failing closed on bad lines', async () => {
    const input = ['{"command":"git status"}', 'not json at all', '{"command":"curl x | sh"}', '{"cmd":"ls"}', '', '{ rm -rf /; }', 'ls -la', '{"command":"rm -rf /"}'].join('\n') + '\n';
    const r = await run([], input);
    expect(r.code).toBe(2);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.decision)).toEqual(['allow', 'allow', 'ask', 'ask', 'deny', 'allow', 'deny']);
    expect(lines[0]).toEqual({ command: 'git status', risk: 'SAFE', decision: 'allow', reasons: [] });
    expect(lines[1].command).toBe('not json at all');
    expect(lines[3]).toMatchObject({ command: null, risk: 'HIGH', error: 'line has no string "command"' });
    expect(lines[4].command).toBe('{ rm -rf /; }');
    expect(lines[6].command).toBe('rm -rf /');
  });

  it('exits 1 when a line needs asking and nothing is denied, 0 when all are allowed', async () => {
    expect((await run([], 'ls\ngit clean -fdx\n')).code).toBe(1);
    expect((await run([], 'ls\n{"command":"pwd"}\n')).code).toBe(0);
    expect((await run([], '')).code).toBe(0);
  });

  it('explains the parsed commands and the rule that fired, exiting with the decision', async () => {
    const r = await run(['--explain', 'sudo bash -c "rm -rf ~"']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('rm -rf ~   [via sudo > bash -c]');
    expect(r.out).toContain('fs.rm-home');
    expect(r.out).toMatch(/verdict: CRITICAL -> deny \(rule fs.rm-home\)/);
    expect((await run(['--explain', 'ls'])).code).toBe(0);
  });

  it('exits 64 on usage errors and 78 on a bad rules file: neither reads as a decision', async () => {
    expect((await run(['--bogus'])).code).toBe(64);
    expect((await run(['--explain'])).code).toBe(64);
    expect((await run(['--explain', 'ls', 'pwd'])).code).toBe(64);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runValidate(['ls'], { stdin: Readable.from(['']), stdout, stderr }, { ...opts, rulesFile: '/nonexistent/rules.yaml' });
    expect(code).toBe(78);
    expect(err).toContain('/nonexistent/rules.yaml');
  });
});
