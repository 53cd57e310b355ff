// Asserts every case of the labeled corpus: decision, minimum risk and (where given) the rule that fired.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecurityValidator } from '../../src/security/index.js';
import type { ConfigurableValidator } from '../../src/security/index.js';
import { RISK_LEVELS } from '../../src/security/types.js';
import { isBoring } from '../../src/security/prefilter.js';
import { CORPUS } from './corpus.js';

let v: ConfigurableValidator;
beforeAll(async () => {
  // These tests are about judgement, not time: on a busy machine the 50 ms default budget can run
  // out and answer ask (fail closed). budget.test.ts tests the budget itself.
  v = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 0, commandBudgetMs: 10_000 });
});

const rank = (r: string): number => (RISK_LEVELS as readonly string[]).indexOf(r);

describe('labeled corpus', () => {
  it('has at least 500 cases covering every category', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(500);
    const cats = new Set(CORPUS.map((c) => c.cat.split('.')[0]));
    for (const c of ['fs', 'disk', 'forkbomb', 'privilege', 'perm', 'download', 'decode', 'firewall', 'process', 'power', 'cron', 'git', 'infra', 'failclosed', 'safe', 'evasion', 'secrets']) {
      expect(cats.has(c), c).toBe(true);
    }
  });

  for (const [i, c] of CORPUS.entries()) {
    it(`#${i} [${c.cat}] ${JSON.stringify(c.cmd)} → ${c.decision}`, () => {
      const verdict = v.validateCommandSync(c.cmd);
      const detail = `${verdict.risk} ${verdict.decision} ${verdict.findings.map((f) => f.rule).join(',')}`;
      expect(verdict.decision, detail).toBe(c.decision);
      if (c.risk !== undefined) expect(rank(verdict.risk), detail).toBeGreaterThanOrEqual(rank(c.risk));
      if (c.rule !== undefined) expect(verdict.findings.map((f) => f.rule), detail).toContain(c.rule);
      if (c.decision !== 'allow') expect(verdict.reason, detail).toBeTruthy();
    });
  }

  it('the pre-filter only skips commands the full analysis finds nothing in', async () => {
    for (const c of CORPUS) {
      if (!isBoring(c.cmd)) continue;
      expect(c.decision, c.cmd).toBe('allow');
      const full = v.explain(c.cmd);
      expect(full.findings, c.cmd).toEqual([]);
    }
  });
});
