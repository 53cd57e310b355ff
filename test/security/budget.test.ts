// The time budget covers the whole analysis of one command (parse, walk, unwrap, rules), not only the parse.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSecurityValidator } from '../../src/security/index.js';
import { getShellParser } from '../../src/security/shell-parser.js';
import { FAMILIES, sizeFor } from './deep-inputs.js';

const base = { enabled: true, blocking: true, cacheSize: 0 } as const;
// 300 commands that need the parser (a variable), then whatever is appended.
const LONG = Array.from({ length: 300 }, (_, i) => `echo $X${i}`).join('; ');

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * From the next parse on, the clocks read an hour later — the wall clock and the process's CPU time, since the
 * budget counts the CPU the analysis used: whatever runs after that parse is out of time.
 */
async function clockJumpsAfterParse(): Promise<void> {
  const parser = await getShellParser();
  const realParse = parser.parse.bind(parser);
  const realNow = performance.now.bind(performance);
  const realCpu = process.cpuUsage.bind(process);
  let skew = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => realNow() + skew);
  vi.spyOn(process, 'cpuUsage').mockImplementation((prev?: NodeJS.CpuUsage) => {
    const used = realCpu(prev);
    return { user: used.user + skew * 1000, system: used.system };
  });
  vi.spyOn(parser, 'parse').mockImplementation((...args: Parameters<typeof parser.parse>) => {
    const tree = realParse(...args);
    skew += 3_600_000;
    return tree;
  });
}

describe('the command budget', () => {
  it('stops the walk, not only the parse: what was not reached is not allowed', async () => {
    // A generous budget (a cold process takes longer on its first big command), then the clock jumps.
    const v = await createSecurityValidator({ ...base, commandBudgetMs: 10_000 });
    const cmd = LONG + '; rm -rf /';
    expect(v.validateCommandSync(cmd).decision).toBe('deny');
    await clockJumpsAfterParse();
    const e = v.explain(cmd);
    expect(e.commands.length).toBeGreaterThan(0);
    expect(e.commands.length).toBeLessThan(301);
    expect(e.verdict).toMatchObject({ decision: 'ask', failClosed: 'validator_timeout' });
    expect(e.findings.map((f) => f.rule)).toContain('analysis.timeout');
  });

  it('stops the rules too', async () => {
    const v = await createSecurityValidator({ ...base, commandBudgetMs: 40 });
    const cmd = Array.from({ length: 100 }, (_, i) => `echo $X${i}`).join('; ');
    for (let i = 0; i < 5; i++) v.validateCommandSync(cmd); // warm: the walk itself takes a few ms
    const slow = /never/;
    slow.test = () => {
      const until = performance.now() + 4;
      while (performance.now() < until);
      return false;
    };
    v.addDangerousCommand({ pattern: slow, riskLevel: 'HIGH', description: 'never fires' });
    const t0 = performance.now();
    const e = v.explain(cmd);
    // 100 commands at 4 ms each would take 400 ms.
    expect(performance.now() - t0).toBeLessThan(200);
    expect(e.commands).toHaveLength(100);
    expect(e.verdict).toMatchObject({ decision: 'ask', rule: 'analysis.timeout', failClosed: 'validator_timeout' });
  });

  it('is not cached when it runs out: the next call judges the command', async () => {
    const v = await createSecurityValidator({ enabled: true, blocking: true, commandBudgetMs: 10_000 });
    await clockJumpsAfterParse();
    expect(v.validateCommandSync(LONG).failClosed).toBe('validator_timeout');
    vi.restoreAllMocks();
    expect(v.validateCommandSync(LONG)).toMatchObject({ decision: 'allow', risk: 'SAFE' });
  });

  it('is not cached even when a bound stopped the walk before the clock cut the rules short', async () => {
    const v = await createSecurityValidator({ enabled: true, blocking: true, commandBudgetMs: 10_000 });
    const cmd = 'ls $X; ' + '('.repeat(150) + 'ls' + ')'.repeat(150);
    await clockJumpsAfterParse();
    const first = v.validateCommandSync(cmd).findings.map((f) => f.rule);
    expect(first).toEqual(expect.arrayContaining(['input.too-deep', 'analysis.timeout']));
    vi.restoreAllMocks();
    const again = v.validateCommandSync(cmd);
    expect(again.findings.map((f) => f.rule)).not.toContain('analysis.timeout');
    expect(again.failClosed).toBe('too_complex');
  });

  it('reads parseBudgetMs as a deprecated alias; commandBudgetMs wins', async () => {
    const slowBraces = 'echo ' + '{,'.repeat(7990);
    const patient = await createSecurityValidator({ ...base, parseBudgetMs: 60_000 });
    expect(patient.validateCommandSync(slowBraces).failClosed).toBe('too_complex');
    const both = await createSecurityValidator({ ...base, parseBudgetMs: 60_000, commandBudgetMs: 0.001 });
    expect(both.validateCommandSync(slowBraces).failClosed).toBe('validator_timeout');
  });

  it('bounds a batch of 20 pathological 16 KB commands (they took 2.6 s in all, one alone up to 1.2 s)', async () => {
    const v = await createSecurityValidator(base);
    const slowest = ['functions', 'parameter expansion, unclosed', 'inline python lists', 'wrappers', 'inline python strings', 'find -exec', 'arrays, unclosed',
      'awk programs', 'extglob, nested', 'extglob, unclosed', 'braces, in a row', 'xargs placeholders', 'eval chain', 'redirections', 'deep path',
      'braces, unclosed', 'braces, nested', 'backticks in strings, nested', 'arrays, nested', 'parameter expansion, nested'];
    const batch = FAMILIES.filter((f) => slowest.includes(f.name)).map((f) => f.make(sizeFor(f, 16370)));
    expect(batch).toHaveLength(20);
    let total = 0;
    for (const cmd of batch) {
      const t0 = performance.now();
      const r = await v.validateCommand(cmd);
      const took = performance.now() - t0;
      total += took;
      // 50 ms of budget; tree-sitter only looks at its cancel flag now and then, hence the margin.
      expect(took, `${cmd.slice(0, 30)}: ${r.rule}`).toBeLessThan(400);
    }
    expect(total).toBeLessThan(2000);
  });
});
