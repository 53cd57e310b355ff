// The soak's request mix: what each kind of request sends and what the service must answer to it.
import type { Agent } from 'node:http';
import { send, type Answer, type RequestSpec, type Tally } from './soak-load.js';
import {
  ASKED, DENIED, type Ids, ORDINARY, claudePermission, claudePost, claudePre, claudeRead, claudeStop, deepBody, envelope, malformed,
  oversized, pathological, pick, protoBody,
} from './soak-bodies.js';

export interface MixContext {
  base: URL;
  agents: Agent[];
  tally: Tally;
  ids: Ids;
  rnd: () => number;
  maxBodyBytes: number;
  timeoutMs: number;
  /** Whether an answer falls in the Redis outage window (kill → spool drained), where a reused id cannot be checked. */
  inOutage(a: Answer): boolean;
}

/** What a decision must be: 'not-deny' for an ordinary command (ask only when it could not be judged). */
type Want = 'any' | 'not-deny' | 'not-allow' | 'deny';
/** `seq` is unique over the run (it makes the ids); `n` counts the shots of this kind (it varies their content). */
type Run = (ctx: MixContext, client: number, seq: number, n: number) => Promise<void>;

const json = (text: string): any => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

async function call(ctx: MixContext, client: number, kind: string, spec: RequestSpec): Promise<Answer> {
  const a = await send(ctx.base, ctx.agents[client], spec, ctx.timeoutMs);
  ctx.tally.record(kind, a);
  if (a.status >= 500) {
    const body = json(a.text);
    if (body?.code === 'HOOKS_ERR_OVERLOADED') ctx.tally.overloadAt.push(a.endedAt);
    if (body?.code === 'HOOKS_ERR_STORE_UNAVAILABLE' && spec.method === 'POST') ctx.tally.storeDownAt.push(a.endedAt);
    ctx.tally.fiveXX.push({
      kind, status: a.status, code: String(body?.code ?? '?'), retryAfter: Boolean(a.headers['retry-after']), at: a.endedAt, path: spec.path,
    });
  }
  return a;
}

/** The README's error shape: {statusCode, code, error, message}, statusCode matching the status line. */
function errorShaped(a: Answer): boolean {
  const b = json(a.text);
  return b?.statusCode === a.status && typeof b.code === 'string' && b.code.startsWith('HOOKS_ERR_') && typeof b.error === 'string' && typeof b.message === 'string';
}

/** A 4xx must be in the error shape; a 5xx is judged globally (legitimate codes only). */
function other(ctx: MixContext, kind: string, a: Answer, expected: string): void {
  if (a.status >= 500) return;
  if (a.status === 0) ctx.tally.problem(kind, 'no answer', a.error ?? '');
  else if (a.status >= 400 && !errorShaped(a)) ctx.tally.problem(kind, `${a.status} not in the error shape`, a.text);
  else ctx.tally.problem(kind, `${a.status} instead of ${expected}`, a.text);
}

/** The decision in a Claude answer, or undefined when the answer is not a valid one for `event`. */
function decisionIn(event: string, body: any): { decision: string; reason?: string } | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const keys = Object.keys(body);
  if (keys.length === 0) return { decision: 'allow' };
  const out = body.hookSpecificOutput;
  if (keys.length !== 1 || !out || out.hookEventName !== event) return undefined;
  if (event === 'PreToolUse' && (out.permissionDecision === 'ask' || out.permissionDecision === 'deny') && typeof out.permissionDecisionReason === 'string') {
    return { decision: out.permissionDecision, reason: out.permissionDecisionReason };
  }
  if (event === 'PermissionRequest' && out.decision?.behavior === 'deny' && typeof out.decision.message === 'string') {
    return { decision: 'deny', reason: out.decision.message };
  }
  return undefined;
}

const ORDER: Record<string, number> = { allow: 0, ask: 1, deny: 2 };

/**
 * Fail-closed causes (the reason's words) met before the event was judged: there is no verdict to keep, so even
 * `rm -rf /` gets HOOK_FAIL_DECISION (ask) — and the event is not stored.
 */
const UNJUDGED = new Set([
  'the request was too large to check', 'the request could not be read', 'too many requests were sent', 'the service is overloaded',
  'the service is shutting down',
]);
/** Judged, but not stored: storing failed for good (a slow store is still written: "could not be recorded in time"). */
const UNSTORED = new Set([...UNJUDGED, 'the event could not be recorded']);

/** Whether `decision` is what `want` allows. */
function meets(decision: string, want: Want): boolean {
  if (want === 'not-deny') return decision !== 'deny';
  return want === 'any' || ORDER[decision] >= ORDER[want === 'deny' ? 'deny' : 'ask'];
}

/** A decision event: a 200 with a valid decision, at least `want`; `stored` is its tracking key once answered 200. */
async function decision(ctx: MixContext, client: number, kind: string, spec: RequestSpec, event: string, want: Want, stored: string | null) {
  const a = await call(ctx, client, kind, spec);
  ctx.tally.decisions.push({ kind, ms: a.ms, at: a.startedAt });
  if (a.status !== 200) return ctx.tally.problem(kind, a.status ? `decision event answered ${a.status}` : 'decision event not answered', a.error ?? a.text);
  const d = decisionIn(event, json(a.text));
  if (!d) return ctx.tally.problem(kind, 'not a valid decision', a.text);
  if (event === 'PermissionRequest' && d.decision === 'allow' && stored) {
    return void ctx.tally.pending.push({ at: a.endedAt, kind, key: stored, text: a.text, silent: true, denyDue: want === 'deny' });
  }
  ctx.tally.count(ctx.tally.verdicts, `${kind} ${d.decision}`);
  const cause = /could not be fully checked because (.+?), so/.exec(d.reason ?? '')?.[1];
  if (cause) ctx.tally.count(ctx.tally.failClosed, cause);
  if (cause === 'the service is overloaded') ctx.tally.overloadAt.push(a.endedAt);
  if (cause === 'the event could not be recorded') ctx.tally.storeDownAt.push(a.endedAt);
  const unjudgedAsk = want === 'deny' && d.decision === 'ask' && cause !== undefined && UNJUDGED.has(cause);
  if (!meets(d.decision, want) && !unjudgedAsk) ctx.tally.problem(kind, `${d.decision} where ${want} was due`, a.text);
  if (!stored || (cause && UNSTORED.has(cause))) return;
  if (d.decision === 'deny' && !cause) ctx.tally.pending.push({ at: a.endedAt, kind, key: stored, text: a.text, silent: false });
  else ctx.tally.ackedClaude.push(stored);
}

/** A non-decision Claude event: 200 {} (then it is stored). */
async function quiet(ctx: MixContext, client: number, kind: string, body: Record<string, unknown>, key: string) {
  const a = await call(ctx, client, kind, { method: 'POST', path: '/hooks/claude', body: JSON.stringify(body) });
  if (a.status === 200 && a.text === '{}') ctx.tally.ackedClaude.push(key);
  else other(ctx, kind, a, '200 {}');
}

/** POST /hooks: 200 with the event's result (tracked), the decision at least `want`. */
async function post(ctx: MixContext, client: number, kind: string, body: Record<string, unknown>, want: Want, path = '/hooks') {
  const a = await call(ctx, client, kind, { method: 'POST', path, body: JSON.stringify(body) });
  const r = json(a.text);
  if (a.status !== 200) return other(ctx, kind, a, '200');
  if (r?.success !== true || r.event_id !== body.event_id || typeof r.stream_id !== 'string' || !(r.decision in ORDER)) {
    return ctx.tally.problem(kind, 'not a result of this event', a.text);
  }
  if (a.headers['hookhive-duplicate']) ctx.tally.problem(kind, 'a new event_id answered as a duplicate', a.text);
  if (!meets(r.decision, want)) ctx.tally.problem(kind, `${r.decision} where ${want} was due`, a.text);
  ctx.tally.ackedEnvelopes.push(r.event_id);
}

const pre = (ctx: MixContext, c: number, kind: string, seq: number, command: string, want: Want) => {
  const body = claudePre(ctx.ids, seq, command);
  return decision(ctx, c, kind, { method: 'POST', path: '/hooks/claude', body: JSON.stringify(body) }, 'PreToolUse', want, `PreToolUse:${body.tool_use_id}`);
};

const raw = (body: string | Buffer[], chunked = false): RequestSpec => ({ method: 'POST', path: '/hooks/claude', body, chunked });

/** Kind name, weight per 1000 shots, and what it does. */
export const MIX: { kind: string; weight: number; run: Run }[] = [
  { kind: 'ordinary PreToolUse', weight: 385, run: (x, c, s, n) => pre(x, c, 'ordinary PreToolUse', s, pick(ORDINARY, n), 'not-deny') },
  {
    kind: 'ordinary PostToolUse', weight: 200,
    run: (x, c, s, n) => {
      const body = claudePost(x.ids, s, pick(ORDINARY, n), x.rnd);
      return quiet(x, c, 'ordinary PostToolUse', body, `PostToolUse:${body.tool_use_id}`);
    },
  },
  {
    kind: 'ordinary PostToolUse Read, 20-120 KB', weight: 60,
    run: (x, c, s) => {
      const body = claudeRead(x.ids, s, x.rnd);
      return quiet(x, c, 'ordinary PostToolUse Read, 20-120 KB', body, `PostToolUse:${body.tool_use_id}`);
    },
  },
  { kind: 'ordinary Stop', weight: 30, run: (x, c, s) => quiet(x, c, 'ordinary Stop', claudeStop(x.ids, s), `seq:${s}`) },
  {
    kind: 'PermissionRequest', weight: 20,
    run: (x, c, s, n) => {
      const command = n % 2 ? pick(DENIED, n) : pick(ORDINARY, n);
      const spec = { method: 'POST', path: '/hooks/claude', body: JSON.stringify(claudePermission(x.ids, s, command)) } as const;
      return decision(x, c, 'PermissionRequest', spec, 'PermissionRequest', n % 2 ? 'deny' : 'not-deny', `seq:${s}`);
    },
  },
  { kind: 'dangerous PreToolUse', weight: 60, run: (x, c, s, n) => pre(x, c, 'dangerous PreToolUse', s, pick(DENIED, n), 'deny') },
  { kind: 'risky PreToolUse', weight: 20, run: (x, c, s, n) => pre(x, c, 'risky PreToolUse', s, pick(ASKED, n), 'not-allow') },
  {
    kind: 'envelope POST /hooks', weight: 80,
    run: (x, c, s, n) => {
      const command = n % 4 === 0 ? null : n % 4 === 1 ? pick(DENIED, n) : pick(ORDINARY, n);
      return post(x, c, 'envelope POST /hooks', envelope(x.ids, s, command), n % 4 === 1 ? 'deny' : 'not-deny');
    },
  },
  {
    kind: 'hostile 5000-deep JSON', weight: 25,
    run: (x, c, s, n) => {
      const command = n % 2 ? pick(DENIED, n) : pick(ORDINARY, n);
      return decision(x, c, 'hostile 5000-deep JSON', raw(deepBody(x.ids, s, command)), 'PreToolUse', n % 2 ? 'deny' : 'not-deny', `PreToolUse:${x.ids.toolUse(s)}`);
    },
  },
  {
    kind: 'hostile __proto__ keys', weight: 25,
    run: (x, c, s, n) => decision(x, c, 'hostile __proto__ keys', raw(protoBody(x.ids, s, pick(DENIED, n))), 'PreToolUse', 'deny', `PreToolUse:${x.ids.toolUse(s)}`),
  },
  { kind: 'hostile malformed, named', weight: 20, run: (x, c, s) => decision(x, c, 'hostile malformed, named', raw(malformed(x.ids, s, 'named')), 'PreToolUse', 'not-allow', null) },
  { kind: 'hostile malformed, no name', weight: 15, run: (x, c, s, n) => decision(x, c, 'hostile malformed, no name', raw(malformed(x.ids, s, 'anonymous', n)), 'PreToolUse', 'not-allow', null) },
  {
    kind: 'hostile malformed PostToolUse', weight: 10,
    run: async (x, c, s) => {
      const a = await call(x, c, 'hostile malformed PostToolUse', raw(malformed(x.ids, s, 'post')));
      if (!(a.status === 400 && errorShaped(a) && json(a.text).code === 'HOOKS_ERR_BAD_JSON')) other(x, 'hostile malformed PostToolUse', a, '400 HOOKS_ERR_BAD_JSON');
    },
  },
  { kind: 'hostile 16 KB command', weight: 10, run: (x, c, s, n) => pre(x, c, 'hostile 16 KB command', s, pathological(n), 'any') },
  {
    kind: 'hostile batch of 20 x 16 KB', weight: 1,
    run: async (x, c, s, n) => {
      const events = Array.from({ length: 20 }, (_, i) => envelope(x.ids, s, pathological(n * 20 + i), x.ids.event(s * 1000 + i)));
      const a = await call(x, c, 'hostile batch of 20 x 16 KB', { method: 'POST', path: '/hooks/batch', body: JSON.stringify({ events }) });
      if (a.status !== 200) return other(x, 'hostile batch of 20 x 16 KB', a, '200');
      const results = json(a.text)?.results;
      if (!Array.isArray(results) || results.length !== 20) return x.tally.problem('hostile batch of 20 x 16 KB', 'not 20 results', a.text);
      results.forEach((r: any, i: number) => {
        if (r?.success === true && r.event_id === events[i].event_id) x.tally.ackedEnvelopes.push(r.event_id);
        else x.tally.problem('hostile batch of 20 x 16 KB', 'an event was not stored', JSON.stringify(r));
      });
    },
  },
  {
    kind: 'hostile reused event_id', weight: 15,
    run: async (x, c, s, n) => {
      const first = envelope(x.ids, s, pick(ORDINARY, n));
      await post(x, c, 'hostile reused event_id', first, 'not-deny');
      const second = { ...first, payload: { tool_name: 'Bash', tool_input: { command: pick(DENIED, n) } } };
      const a = await call(x, c, 'hostile reused event_id', { method: 'POST', path: '/hooks', body: JSON.stringify(second) });
      if (a.status === 409 && errorShaped(a) && json(a.text).code === 'HOOKS_ERR_IDEMPOTENCY_CONFLICT') return;
      // While Redis is away the first one may be out of reach: the second is then kept under a derived event_id.
      if (a.status === 200 && x.inOutage(a)) return x.tally.count(x.tally.verdicts, 'hostile reused event_id accepted during the outage');
      other(x, 'hostile reused event_id', a, '409 HOOKS_ERR_IDEMPOTENCY_CONFLICT');
    },
  },
  {
    kind: 'GET /hooks/events?last=1000', weight: 3,
    run: async (x, c) => {
      const a = await call(x, c, 'GET /hooks/events?last=1000', { method: 'GET', path: '/hooks/events?last=1000' });
      if (a.status !== 200) return other(x, 'GET /hooks/events?last=1000', a, '200');
      const events = json(a.text)?.events;
      if (!Array.isArray(events) || events.length > 1000 || events.length === 0) x.tally.problem('GET /hooks/events?last=1000', 'not a page of events', a.text);
    },
  },
  {
    kind: 'hostile odd path', weight: 15,
    run: async (x, c, s, n) => {
      const body = envelope(x.ids, s, pick(ORDINARY, n));
      const odd: RequestSpec[] = [
        { method: 'GET', path: '/%68ooks/events?last=5' },
        { method: 'POST', path: '//hooks', body: JSON.stringify(body) },
        { method: 'POST', path: '/hooks/claude/', body: JSON.stringify(claudePre(x.ids, s, 'rm -rf /')) },
        { method: 'GET', path: '/hooks/%2e%2e/health/live' },
        { method: 'POST', path: '/%68ooks', body: JSON.stringify(body) },
      ];
      const spec = pick(odd, n);
      const a = await call(x, c, 'hostile odd path', spec);
      if (a.status >= 500) return;
      if (a.status === 0 || (a.status >= 400 && !errorShaped(a)) || (a.status < 400 && json(a.text) === undefined)) return other(x, 'hostile odd path', a, 'JSON or a 4xx in the error shape');
      if (a.status === 200 && spec.path.includes('claude') && decisionIn('PreToolUse', json(a.text))?.decision !== 'deny') x.tally.problem('hostile odd path', `${spec.path} reached the agent route without a deny`, a.text);
      if (a.status === 200 && spec.method === 'POST' && !spec.path.includes('claude') && json(a.text)?.success === true) x.tally.ackedEnvelopes.push(String(body.event_id));
    },
  },
  {
    kind: 'hostile body over HOOK_MAX_BODY_BYTES', weight: 4,
    run: (x, c, s) => decision(x, c, 'hostile body over HOOK_MAX_BODY_BYTES', raw(oversized(x.ids, s, x.maxBodyBytes, 'PreToolUse')), 'PreToolUse', 'not-allow', null),
  },
  {
    kind: 'hostile chunked PostToolUse over the limit', weight: 2,
    run: async (x, c, s) => {
      const a = await call(x, c, 'hostile chunked PostToolUse over the limit', raw(oversized(x.ids, s, x.maxBodyBytes, 'PostToolUse'), true));
      if (!(a.status === 413 && errorShaped(a))) other(x, 'hostile chunked PostToolUse over the limit', a, '413 in the error shape');
    },
  },
];

/** Smooth weighted round-robin: the exact mix in every window of 1000 shots, evenly interleaved, no randomness. */
export function mixSchedule(): () => { entry: (typeof MIX)[number]; n: number } {
  const total = MIX.reduce((n, m) => n + m.weight, 0);
  const current = MIX.map(() => 0);
  const counts = MIX.map(() => 0);
  return () => {
    let best = 0;
    for (let i = 0; i < MIX.length; i++) {
      current[i] += MIX[i].weight;
      if (current[i] > current[best]) best = i;
    }
    current[best] -= total;
    return { entry: MIX[best], n: counts[best]++ };
  };
}
