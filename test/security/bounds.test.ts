// No recursion without a bound: deeply nested and long repeated inputs of every kind get a verdict, never a throw.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecurityValidator } from '../../src/security/index.js';
import type { ConfigurableValidator } from '../../src/security/index.js';
import { classifyPath } from '../../src/security/paths.js';
import { isSecretPath } from '../../src/security/secrets.js';
import { expandBraces } from '../../src/security/words.js';
import { FAMILIES, sizeFor } from './deep-inputs.js';

// The two inputs that overflowed the stack (brace expansion, word evaluation).
const BRACES = 'rm -rf / ; echo ' + '{,'.repeat(7990);
const EXTGLOB = 'ls ' + '@(a|'.repeat(3150);

let v: ConfigurableValidator;
beforeAll(async () => {
  v = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 0 });
});

describe('the inputs that overflowed the stack', () => {
  it('are fail-closed verdicts: ask, or deny with failDecision deny', async () => {
    // blocking off, so the rm -rf / in front of the braces does not decide on its own.
    const ask = await createSecurityValidator({ enabled: true, blocking: false, cacheSize: 0 });
    const deny = await createSecurityValidator({ enabled: true, blocking: false, cacheSize: 0, failDecision: 'deny' });
    for (const cmd of [BRACES, EXTGLOB]) {
      expect(cmd.length).toBeGreaterThan(12000);
      const r = ask.validateCommandSync(cmd);
      expect(r.failClosed, r.rule).toMatch(/^(too_complex|validator_timeout)$/);
      expect(r.decision).toBe('ask');
      const denied = deny.validateCommandSync(cmd);
      expect(denied.decision).toBe('deny');
      expect(denied.failClosed).toMatch(/^(too_complex|validator_timeout)$/);
      expect((await deny.validateCommand(cmd)).decision).toBe('deny');
    }
  });

  it('with time to spare, they are too complex, not merely slow', async () => {
    const patient = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 0, commandBudgetMs: 60_000 });
    expect(patient.validateCommandSync(BRACES)).toMatchObject({ failClosed: 'too_complex', decision: 'deny', rule: 'fs.rm-root' });
    expect(patient.validateCommandSync('echo ' + '{,'.repeat(7990)).rule).toBe('input.too-complex');
    // 3150 commands (the unclosed extglobs parse as a run of commands): over the bound of 2000.
    const extglob = patient.validateCommandSync(EXTGLOB);
    expect(extglob.failClosed).toBe('too_complex');
    expect(extglob.findings.map((f) => f.rule)).toContain('input.too-complex');
  });
});

describe('generated deep inputs', () => {
  it('cover many kinds of nesting', () => {
    expect(FAMILIES.length).toBeGreaterThanOrEqual(10);
  });

  // A dangerous command before or after the deep part: the verdict must never be allow.
  const placements: [string, (body: string) => string][] = [
    ['before', (body) => 'rm -rf / ; ' + body],
    ['after', (body) => body + '\nrm -rf /'],
  ];
  for (const f of FAMILIES) {
    it(`${f.name}: every size up to 16 KB gets a verdict, never allow`, () => {
      for (const bytes of [200, 2000, 16384 - 16]) {
        const body = f.make(sizeFor(f, bytes - 12));
        for (const [where, place] of placements) {
          const cmd = place(body);
          expect(cmd.length).toBeLessThanOrEqual(16384);
          const r = v.validateCommandSync(cmd);
          expect(r.decision, `${where} ${cmd.length} B: ${r.rule}`).not.toBe('allow');
        }
      }
    });
  }

  it('beyond 16 KB (with a larger maxCommandBytes) too', async () => {
    const big = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 0, maxCommandBytes: 1 << 17 });
    for (const f of FAMILIES) {
      const cmd = f.make(sizeFor(f, 65536)) + '\nrm -rf /';
      expect(big.validateCommandSync(cmd).decision, f.name).not.toBe('allow');
    }
  });

  it('leave the stack alone: they work from deep inside a caller', () => {
    const deep = (n: number): string => (n === 0 ? v.validateCommandSync(FAMILIES[5].make(4000)).decision : deep(n - 1));
    expect(deep(3000)).toBe('ask');
  });
});

describe('bounded helpers', () => {
  it('brace expansion keeps bash order, caps the words and refuses thousands of braces', () => {
    const mark = (s: string): string => s.replace(/\{/g, '\u0001').replace(/,/g, '\u0002').replace(/\}/g, '\u0003');
    const plain = (w: string[] | null): string[] | null => w && w.map((x) => x.replace(/[\u0001-\u0003]/g, (c) => '{,}'[c.charCodeAt(0) - 1]));
    expect(plain(expandBraces(mark('{a,b}{c,d}')))).toEqual(['ac', 'ad', 'bc', 'bd']);
    expect(plain(expandBraces(mark('x{a,{b,c}}y')))).toEqual(['xay', 'xby', 'xcy']);
    expect(plain(expandBraces(mark('{a,b')))).toEqual(['{a,b']);
    expect(plain(expandBraces(mark('{x}{a,b}')))).toEqual(['{x}a', '{x}b']);
    expect(expandBraces(mark('{a,b}'.repeat(10)))).toHaveLength(64);
    expect(expandBraces(mark('{,'.repeat(65)))).toBeNull();
  });

  it('tells a secret path in time linear in its length', () => {
    // The key-file pattern was tried after every '/': 16 KB of '/a' took 0.2 s, 64 KB ~4 s.
    const t0 = performance.now();
    expect(isSecretPath('/a'.repeat(32768))).toBe(false);
    expect(isSecretPath('/a'.repeat(32768) + '/id_rsa')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('scans inline code for exec-then-download in linear time', () => {
    // '.*' between the call and the download made 16 KB of 'exec(' take ~0.25 s (regexes cannot be interrupted).
    const code = 'exec('.repeat(3200);
    const t0 = performance.now();
    const r = v.validateCommandSync(`python3 -c "${code}"`);
    expect(performance.now() - t0).toBeLessThan(150);
    expect(r.failClosed).toBeUndefined();
    expect(v.validateCommandSync(`python3 -c "${code} urlopen"`).rule).toBe('exec.download');
  });

  it('classifies a path with thousands of unknown parts like one with a single one', () => {
    expect(classifyPath('/etc' + '/\u0000'.repeat(8000))).toBe(classifyPath('/etc/\u0000'));
    expect(classifyPath('/etc' + '/\u0000'.repeat(8000))).toBe('system-deep');
  });
});
