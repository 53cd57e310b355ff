// The bench's pure helpers: fresh ids per request, the bit sets that check delivery, the SLA, and the figure parsers.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { distIsCurrent } from '../../bench/procs.js';
import { Bits, median, percentile, slaProblems, type LoadResult } from '../../bench/lib.js';
import { claudePreToolUse, envelopeBatch, envelopes, mixed } from '../../bench/payloads.js';
import { parseValidatorOutput } from '../../bench/validator-figures.js';
import { cpuBudget, failures, render, targets, type Results } from '../../bench/report.js';
import type { PipelineLevel } from '../../bench/scenarios.js';

describe('bench bodies', () => {
  it('never repeat a tool_use_id or event_id within a run, nor across runs', () => {
    const ids = new Set<string>();
    for (const run of ['a', 'b']) {
      const claude = claudePreToolUse(run);
      const env = envelopes(run);
      for (let n = 0; n < 500; n++) {
        ids.add((JSON.parse(claude(n)) as { tool_use_id: string }).tool_use_id);
        ids.add((JSON.parse(env(n)) as { event_id: string }).event_id);
      }
    }
    expect(ids.size).toBe(2000);
  });

  it('pair each envelope PreToolUse with a PostToolUse of the same tool call', () => {
    const env = envelopes('r');
    const pre = JSON.parse(env(2)) as { hook_type: string; correlation_id: string };
    const post = JSON.parse(env(3)) as { hook_type: string; correlation_id: string };
    expect(pre.hook_type).toBe('PreToolUse');
    expect(post.hook_type).toMatch(/^PostToolUse/);
    expect(post.correlation_id).toBe(pre.correlation_id);
  });

  it('build batches of the asked size and alternate routes in the mixed load', () => {
    expect((JSON.parse(envelopeBatch('r', 0, 1000)) as { events: unknown[] }).events).toHaveLength(1000);
    const m = mixed('r');
    expect([m(0).path, m(1).path]).toEqual(['/hooks/claude', '/hooks']);
  });
});

describe('Bits', () => {
  it('counts members, grows, and says how many of its members another set lacks', () => {
    const a = new Bits();
    const b = new Bits();
    for (const n of [0, 7, 8, 100_000, 100_000]) a.add(n);
    b.add(7);
    b.add(100_000);
    expect(a.size).toBe(4);
    expect(a.has(100_000) && !a.has(1)).toBe(true);
    expect(a.missingFrom(b)).toBe(2);
    expect(b.missingFrom(a)).toBe(0);
    const back = Bits.fromBase64(a.toBase64());
    expect(back.size).toBe(4);
    expect(a.missingFrom(back)).toBe(0);
  });
});

describe('figures', () => {
  it('percentile is nearest-rank; median averages the two middle values', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  const row = (over: Partial<LoadResult>): LoadResult => ({
    name: 'x', connections: 10, requests: 100, seconds: 1, rps: 100, avgMs: 1, p50Ms: 1, p90Ms: 1, p97_5Ms: 2, p99Ms: 3,
    maxMs: 4, successRate: 1, errors: 0, non2xx: 0, ...over,
  });

  it('the SLA fails on average, p97.5, success or errors', () => {
    expect(slaProblems(row({}))).toEqual([]);
    expect(slaProblems(row({ avgMs: 50 }))).toHaveLength(1);
    expect(slaProblems(row({ p97_5Ms: 75 }))).toHaveLength(1);
    expect(slaProblems(row({ successRate: 0.95 }))).toHaveLength(1);
    expect(slaProblems(row({ errors: 2 }))).toHaveLength(1);
  });

  it('a missed ratio is reported but does not fail the run; an SLA problem does', () => {
    const level = {
      connections: 50, rounds: [], ratio: 0.3, referenceRps: 1000, serviceRps: 300, p50Ms: 1, p99Ms: 30, worstP99Ms: 30,
      errors: 0, missingDeliveries: 0,
      cpu: { service: 100, redis: 30, streamClients: 20, loadGenerator: 30, reference: 25, referenceLoadGenerator: 28 },
    };
    const results: Results = {
      machine: { date: '', mode: 'quick', cores: 2, cpu: '', node: '', redis: '', loadStart: 0 },
      scenarios: [], pipeline: [level], errors: [],
    };
    expect(targets(results).find((t) => t.target.includes('0.75'))?.met).toBe(false);
    expect(failures(results)).toEqual([]);
    const failing = { ...row({ avgMs: 60 }), scenario: 'basic', store: 'memory' as const, route: '/hooks', sla: 'FAIL' as const, problems: ['average 60 ms >= 50'] };
    expect(failures({ ...results, scenarios: [failing] })).toEqual(['basic: average 60 ms >= 50']);
  });

  it('the floor is reported beside the ratio target and in its own table, and its shortfalls do not fail the run', () => {
    const floor = { rps: 580, ratio: 0.58, serviceRatio: 0.52, p99Ms: 20, errors: 0, missingDeliveries: 3, cpu: { floor: 40, redis: 4, streamClients: 10, loadGenerator: 30 } };
    const level: PipelineLevel = {
      connections: 50, rounds: [], ratio: 0.3, referenceRps: 1000, serviceRps: 300, p50Ms: 1, p99Ms: 20, worstP99Ms: 20, errors: 0, missingDeliveries: 0,
      cpu: { service: 100, redis: 30, streamClients: 20, loadGenerator: 30, reference: 25, referenceLoadGenerator: 28 }, floor,
    };
    const results: Results = {
      machine: { date: '', mode: 'full', cores: 2, cpu: '', node: '', redis: '', loadStart: 0 },
      scenarios: [], pipeline: [level], errors: [],
    };
    expect(targets(results).find((t) => t.target.includes('0.75'))?.measured).toBe('0.30 x (300 / 1000); the floor 0.58 x');
    const text = render(results);
    expect(text).toContain('The floor (bench/floor.ts');
    expect(text).toMatch(/^50 +580 +0\.58 +0\.52 +20 +40, 4, 10, 30 +0 +3$/m);
    expect(failures(results)).toEqual([]);
    expect(render({ ...results, pipeline: [{ ...level, floor: undefined }] })).not.toContain('The floor');
  });

  it("the CPU budget: what the other processes take at 0.75 x the reference, and the service's share of the rest", () => {
    const level = (referenceRps: number, cpu: Partial<PipelineLevel['cpu']>): PipelineLevel => ({
      connections: 50, rounds: [], ratio: 0.2, referenceRps, serviceRps: 0, p50Ms: 1, p99Ms: 1, worstP99Ms: 1, errors: 0, missingDeliveries: 0,
      cpu: { service: 100, redis: 0, streamClients: 0, loadGenerator: 0, reference: 25, referenceLoadGenerator: 25, ...cpu },
    });
    // 0.75 x 40000 = 30000 req/s; 30 + 20 + 30 = 80 µs each → 2.4 cores: nothing left on 2.
    expect(cpuBudget(level(40_000, { redis: 30, streamClients: 20, loadGenerator: 30 }), 2)).toEqual({ othersCores: 2.4, serviceBudgetUs: 0, targetRps: 30000 });
    // 7500 req/s; 40 µs each → 0.3 cores; 1.7 left, but one main thread uses at most one core: 133 µs.
    expect(cpuBudget(level(10_000, { redis: 20, loadGenerator: 20 }), 2)).toEqual({ othersCores: 0.3, serviceBudgetUs: 133, targetRps: 7500 });
    // 15000 req/s; 80 µs each → 1.2 cores; 0.8 left: 53 µs.
    expect(cpuBudget(level(20_000, { redis: 40, streamClients: 10, loadGenerator: 30 }), 2).serviceBudgetUs).toBe(53);
  });

  it('reads the validator bench output', () => {
    const text = [
      'uncached median                       1.52 µs   target <= 5 µs      ok',
      'uncached p99                         60.89 µs   target <= 100 µs    ok',
      'cached throughput        3,825,067 commands/s   target >= 1,000,000/s ok',
    ].join('\n');
    expect(parseValidatorOutput(text)).toEqual({ medianUs: 1.52, p99Us: 60.89, cachedPerSecond: 3825067 });
  });
});

describe('the bench builds only when dist/ is older than the sources', () => {
  it('is current only when every compiled file is newer than every source and build setting', () => {
    const root = mkdtempSync(join(tmpdir(), 'hookhive-dist-'));
    try {
      const at = (file: string, seconds: number) => {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), '');
        utimesSync(join(root, file), seconds, seconds);
      };
      expect(distIsCurrent(root)).toBe(false); // nothing at all
      for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src/a.ts', 'src/store/b.ts']) at(f, 1000);
      expect(distIsCurrent(root)).toBe(false); // no dist/
      at('dist/a.js', 2000);
      at('dist/store/b.js', 2000);
      expect(distIsCurrent(root)).toBe(true);
      at('src/store/b.ts', 3000); // a source edited after the build, deep in the tree
      expect(distIsCurrent(root)).toBe(false);
      at('src/store/b.ts', 1000);
      at('tsconfig.json', 3000); // a setting changed
      expect(distIsCurrent(root)).toBe(false);
      at('tsconfig.json', 1000);
      at('dist/old.js', 500); // left from a source since deleted: older than the sources, so build
      expect(distIsCurrent(root)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
