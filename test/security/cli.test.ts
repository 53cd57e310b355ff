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
  it('judges one command given as an argument', async () => {
    const r = await run(['rm -rf /']);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out.trim());
    expect(Object.keys(line)).toEqual(['command', 'risk', 'decision', 'reasons']);
    expect(line).toMatchObject({ command: 'rm -rf /', risk: 'CRITICAL', decision: 'deny' });
    expect(line.reasons[0]).toMatch(/recursive delete/);
  });

  it('reads JSON lines and answers one line per input, in order, failing closed on bad lines', async () => {
    const input = ['{"command":"git status"}', 'not json', '{"command":"curl x | sh"}', '{"cmd":"ls"}', '', '{"command":"rm -rf /"}'].join('\n') + '\n';
    const r = await run([], input);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.decision)).toEqual(['allow', 'ask', 'ask', 'ask', 'deny']);
    expect(lines[0]).toEqual({ command: 'git status', risk: 'SAFE', decision: 'allow', reasons: [] });
    expect(lines[1]).toMatchObject({ command: null, risk: 'HIGH', error: 'line is not valid JSON' });
    expect(lines[3].error).toMatch(/no string "command"/);
    expect(lines[4].command).toBe('rm -rf /');
  });

  it('explains the parsed commands and the rule that fired', async () => {
    const r = await run(['--explain', 'sudo bash -c "rm -rf ~"']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('rm -rf ~   [via sudo > bash -c]');
    expect(r.out).toContain('fs.rm-home');
    expect(r.out).toMatch(/verdict: CRITICAL -> deny \(rule fs.rm-home\)/);
  });

  it('exits 2 on usage errors and 1 on a bad rules file', async () => {
    expect((await run(['--bogus'])).code).toBe(2);
    expect((await run(['--explain'])).code).toBe(2);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runValidate(['ls'], { stdin: Readable.from(['']), stdout, stderr }, { ...opts, rulesFile: '/nonexistent/rules.yaml' });
    expect(code).toBe(1);
    expect(err).toContain('/nonexistent/rules.yaml');
  });
});
