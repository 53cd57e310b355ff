// Soak verdicts: 5xx, decision latency, lost or doubled events, stream gaps, RSS plateau — each a pass/fail with figures.
import { Redis } from 'ioredis';
import type { Tally } from './soak-load.js';
import type { Sample } from './soak-sampler.js';
import { compareIds, type Reader, type StreamTally } from './soak-stream.js';

export interface Check {
  name: string;
  ok: boolean;
  detail: string[];
}

export interface Window {
  from: number;
  to: number;
}

/** Whether `at` falls in any of the windows. */
export const within = (at: number, ws: Window[]) => ws.some((w) => at >= w.from && at <= w.to);

/**
 * When Redis was away as the service itself saw it: the outage we caused, and ±2 s around every sample where
 * /health/hooks said Redis was not up or events were being spooled (a Redis slower than its 1 s command time-out
 * counts as away: README, "When Redis goes away").
 */
export function redisAway(outage: Window | null, samples: Sample[], t0: number): Window[] {
  const out: Window[] = outage ? [outage] : [];
  for (const s of samples) {
    const at = t0 + s.t * 1000;
    if ((s.redis !== null && s.redis !== 'up') || (s.spoolDepth ?? 0) > 0) out.push({ from: at - 2000, to: at + 2000 });
  }
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

/**
 * 1. Only legitimate 5xx: 503 + Retry-After with OVERLOADED or SHUTTING_DOWN, or STORE_UNAVAILABLE on a read while
 * Redis was away (the spool never comes near its 100000 events here, so a write must never get it).
 */
export function fiveXXCheck(tally: Tally, away: Window[]): Check {
  const legit = new Map<string, number>();
  const bad = new Map<string, number>();
  for (const f of tally.fiveXX) {
    const key = `${f.status} ${f.code} on ${f.kind}${f.retryAfter ? '' : ' (no Retry-After)'}`;
    const read = f.kind.startsWith('GET') || (f.kind === 'hostile odd path' && f.path.includes('events'));
    const ok = f.status === 503 && f.retryAfter &&
      (f.code === 'HOOKS_ERR_OVERLOADED' || f.code === 'HOOKS_ERR_SHUTTING_DOWN' || (f.code === 'HOOKS_ERR_STORE_UNAVAILABLE' && read && within(f.at, away)));
    (ok ? legit : bad).set(key, ((ok ? legit : bad).get(key) ?? 0) + 1);
  }
  const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${n} x ${k}`);
  return {
    name: '1. no 5xx but the legitimate ones',
    ok: bad.size === 0,
    detail: [`legitimate: ${list(legit).join('; ') || 'none'}`, ...(bad.size ? [`NOT legitimate: ${list(bad).join('; ')}`] : [])],
  };
}

/**
 * 2. Every decision event: a 200 decision (the mix checks each answer), within budget + slack as the client saw it,
 * less the time the service's main thread spent waiting for a CPU meanwhile (`runQueueMs`; 0 where unknown).
 */
export function decisionCheck(
  tally: Tally, budgetMs: number, slackMs: number, t0: number, runQueueMs: (from: number, to: number) => number,
): Check & { p50: number; p99: number; max: number } {
  const ms = tally.decisions.map((d) => d.ms).sort((a, b) => a - b);
  const p50 = percentile(ms, 50);
  const p99 = percentile(ms, 99);
  const max = ms[ms.length - 1] ?? NaN;
  const over = tally.decisions.filter((d) => d.ms > budgetMs + slackMs).map((d) => ({ ...d, waited: runQueueMs(d.at, d.at + d.ms) }));
  const late = over.filter((d) => d.ms - d.waited > budgetMs + slackMs);
  const byKind = new Map<string, number[]>();
  for (const d of tally.decisions) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d.ms]);
  const problems = [...tally.problems].map(([k, p]) => `${p.count} x ${k} — e.g. ${p.examples[0]}`);
  const t = (at: number) => `t=${((at - t0) / 1000).toFixed(1)} s`;
  return {
    name: `2. every decision event answered 200 with a decision within ${budgetMs} + ${slackMs} ms (less CPU wait); every answer as the contract says`,
    ok: problems.length === 0 && late.length === 0 && ms.length > 0,
    p50, p99, max,
    detail: [
      `${ms.length} decision events: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms; ` +
        `${over.length} over ${budgetMs + slackMs} ms, of which ${over.length - late.length} only because the service waited for a CPU, ${late.length} late`,
      ...over.slice(0, 8).map((d) => `  ${d.ms - d.waited > budgetMs + slackMs ? 'LATE' : 'excused'}: ${d.kind} ${d.ms.toFixed(0)} ms at ${t(d.at)}, service waited ${d.waited.toFixed(0)} ms for a CPU`),
      ...[...byKind].map(([k, xs]) => {
        const s = xs.sort((a, b) => a - b);
        return `  ${k}: ${s.length}, p50 ${percentile(s, 50).toFixed(1)}, p99 ${percentile(s, 99).toFixed(1)}, max ${(s[s.length - 1] ?? NaN).toFixed(1)} ms`;
      }),
      `slowest: ${[...tally.decisions].sort((a, b) => b.ms - a.ms).slice(0, 5).map((d) => `${d.ms.toFixed(0)} ms (${d.kind}, ${t(d.at)})`).join(', ')}`,
      `fail-closed answers by cause: ${[...tally.failClosed].map(([k, n]) => `${n} x "${k}"`).join('; ') || 'none'}`,
      ...problems,
    ],
  };
}

export interface StreamScan {
  ids: string[];
  eventIds: Map<string, number>;
  claude: Map<string, number>;
}

/** Reads the whole lifecycle stream (pages of 1000): stream ids, event_id counts and the Claude events' tracking keys. */
export async function scanStream(url: string, key: string): Promise<StreamScan> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000 });
  const scan: StreamScan = { ids: [], eventIds: new Map(), claude: new Map() };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  try {
    await redis.connect();
    let start = '-';
    for (;;) {
      const page = await redis.xrange(key, start, '+', 'COUNT', 1000);
      for (const [id, fields] of page) {
        const f = new Map<string, string>();
        for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i], fields[i + 1]);
        scan.ids.push(id);
        bump(scan.eventIds, f.get('event_id') ?? `(none at ${id})`);
        if (f.get('source') !== 'claude') continue;
        const corr = f.get('correlation_id');
        if (corr) bump(scan.claude, `${f.get('hook_type')}:${corr}`);
        else {
          const seq = (JSON.parse(f.get('payload') ?? '{}') as { soak_seq?: number }).soak_seq;
          if (seq !== undefined) bump(scan.claude, `seq:${seq}`);
        }
      }
      if (page.length < 1000) break;
      start = `(${page[page.length - 1][0]}`;
    }
  } finally {
    redis.disconnect();
  }
  return scan;
}

/** 3. Every acknowledged event is in the Redis stream exactly once (and no event_id is there twice). */
export function lossCheck(tally: Tally, scan: StreamScan): Check & { acked: number; lost: number; doubled: number } {
  const lost: string[] = [];
  const doubled: string[] = [];
  for (const id of tally.ackedEnvelopes) {
    const n = scan.eventIds.get(id) ?? 0;
    if (n === 0) lost.push(id);
  }
  for (const k of tally.ackedClaude) if (!scan.claude.get(k)) lost.push(k);
  for (const [id, n] of scan.eventIds) if (n > 1) doubled.push(`${id} x ${n}`);
  for (const [k, n] of scan.claude) if (n > 1) doubled.push(`${k} x ${n}`);
  const acked = tally.ackedEnvelopes.length + tally.ackedClaude.length;
  return {
    name: '3. no acknowledged event lost, none stored twice',
    ok: lost.length === 0 && doubled.length === 0 && acked > 0,
    acked, lost: lost.length, doubled: doubled.length,
    detail: [
      `${acked} acknowledged (${tally.ackedEnvelopes.length} on /hooks and /hooks/batch, ${tally.ackedClaude.length} on /hooks/claude); ` +
        `${scan.ids.length} entries in the stream; lost ${lost.length}, stored more than once ${doubled.length}`,
      ...lost.slice(0, 5).map((k) => `  lost: ${k}`),
      ...doubled.slice(0, 5).map((k) => `  doubled: ${k}`),
    ],
  };
}

/** Every event after a reader's first `subscribed`, exactly once and in order, across all its reconnects. */
export function gapCheck(readers: Reader[], scan: StreamScan, stream: StreamTally, away: Window[]): Check {
  const { problems: streamProblems, storeErrorsAt } = stream;
  const detail: string[] = [];
  let ok = streamProblems.length === 0;
  for (const r of readers) {
    if (!r.firstSync) {
      ok = false;
      detail.push(`${r.name}: never subscribed`);
      continue;
    }
    const expected = scan.ids.filter((id) => compareIds(id, r.firstSync as string) > 0);
    const same = expected.length === r.ids.length && expected.every((id, i) => r.ids[i] === id);
    if (!same) {
      ok = false;
      const got = new Set(r.ids);
      const want = new Set(expected);
      const missing = expected.filter((id) => !got.has(id));
      detail.push(
        `${r.name}: ${r.ids.length} received, ${expected.length} expected; missing ${missing.length} (e.g. ${missing.slice(0, 3).join(', ')}), ` +
          `not in the stream ${r.ids.filter((id) => !want.has(id)).length}, repeated ${r.ids.length - got.size}`,
      );
    } else detail.push(`${r.name}: ${r.ids.length} events after ${r.firstSync}, every one once, in order, over ${r.reconnects + 1} connections`);
  }
  const stray = storeErrorsAt.filter((at) => !within(at, away));
  if (stray.length) {
    ok = false;
    detail.push(`${stray.length} stream store errors while Redis was up`);
  }
  detail.push(
    `${storeErrorsAt.length - stray.length} stream store errors while Redis was away (clients resubscribed); ` +
      `${stream.refusedWhileShedding} upgrades refused with 503 while the service shed load`,
    ...streamProblems.slice(0, 10),
  );
  return { name: 'stream: no gap, no duplicate across reconnects; churners subscribed, ordered and filtered', ok, detail };
}

/**
 * 4. RSS comes to a plateau: after a warm-up of 20 % of the run, the median of the last 20 % is at most `ratio` x the
 * median of the 20–40 % window, and no sample exceeds `ceiling`. Under this load V8's heap grows for the first ~30 s
 * and then swings by ~150 MB between major collections 10–20 s apart, so the ratio needs windows of half a minute or
 * more: in a run shorter than `minPlateauS` it is printed but only the ceiling is judged.
 */
export function rssCheck(
  samples: Sample[], durationS: number, ratio: number, ceilingBytes: number, minPlateauS = 120,
): Check & { early: number; late: number; max: number } {
  const pts = samples.filter((s) => s.rssBytes !== null && s.t >= 0 && s.t <= durationS) as (Sample & { rssBytes: number })[];
  const inWin = (a: number, b: number) => pts.filter((s) => s.t >= a * durationS && s.t <= b * durationS).map((s) => s.rssBytes);
  const early = median(inWin(0.2, 0.4));
  const late = median(inWin(0.8, 1));
  const max = Math.max(...samples.map((s) => s.rssBytes ?? 0));
  const deciles = Array.from({ length: 10 }, (_, d) => {
    const xs = inWin(d / 10, (d + 1) / 10);
    return xs.length ? `${d * 10}-${(d + 1) * 10}%: ${mb(median(xs))}` : `${d * 10}-${(d + 1) * 10}%: -`;
  });
  const enough = inWin(0.2, 0.4).length >= 3 && inWin(0.8, 1).length >= 3;
  const judged = durationS >= minPlateauS;
  return {
    name: `4. RSS plateau: median of the last 20 % <= ${ratio} x median of 20-40 %${judged ? '' : ` (runs of ${minPlateauS} s and more)`}, max <= ${mb(ceilingBytes)}`,
    ok: enough && (!judged || late <= ratio * early) && max <= ceilingBytes,
    early, late, max,
    detail: [
      `${pts.length} samples; 20-40 % median ${mb(early)}, last 20 % median ${mb(late)} (x${(late / early).toFixed(2)}` +
        `${judged ? '' : `, not judged in a ${durationS} s run: too short for V8's heap to settle`}), max ${mb(max)}`,
      `medians by tenth of the run: ${deciles.join(', ')}`,
      ...(enough ? [] : ['too few samples in the windows']),
    ],
  };
}
