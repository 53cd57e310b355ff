// Soak load: raw HTTP requests with client-side timing, a few paced clients, and the tally of what came back.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Sent as is (no normalisation), so odd spellings of a path reach the server unchanged. */
  path: string;
  body?: string | Buffer[];
  /** Transfer-Encoding: chunked instead of a Content-Length (the server cannot refuse a large body up front). */
  chunked?: boolean;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Client-measured: from just before the request is written to the last byte of the answer. */
  ms: number;
  /** Date.now() when the request was started and when its answer was complete. */
  startedAt: number;
  endedAt: number;
  /** Set when no answer came: a socket error or the client's own time-out. */
  error?: string;
}

const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** One request over `agent`; never rejects (a failure is an Answer with status 0 and `error`). */
export function send(base: URL, agent: Agent, spec: RequestSpec, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const t0 = performance.now();
    let settled = false;
    const done = (a: Omit<Answer, 'ms' | 'startedAt' | 'endedAt'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...a, ms: performance.now() - t0, startedAt, endedAt: Date.now() });
    };
    const chunks = typeof spec.body === 'string' ? [Buffer.from(spec.body)] : (spec.body ?? []);
    const length = chunks.reduce((n, c) => n + c.length, 0);
    const headers: Record<string, string> = {};
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      if (!spec.chunked) headers['content-length'] = String(length);
    }
    const req = request({ host: base.hostname, port: base.port, method: spec.method, path: spec.path, agent, headers });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_ANSWER_BYTES) parts.push(c);
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', (err) => done({ status: 0, headers: {}, text: '', error: err.message }));
    });
    // An answer that came before the whole body was written (a refused large body) stands; later write errors do not matter.
    req.on('error', (err) => done({ status: 0, headers: {}, text: '', error: err.message }));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

export interface KindTally {
  requests: number;
  statuses: Record<string, number>;
  problems: number;
}

/** Everything the load saw, by request kind; problems are kept as counted messages (a few examples each). */
export class Tally {
  readonly kinds = new Map<string, KindTally>();
  readonly problems = new Map<string, { count: number; examples: string[] }>();
  /** Decision events: client-measured ms, by kind. */
  readonly decisions: { kind: string; ms: number; at: number }[] = [];
  /** Every 5xx: when, where, which code, and whether it had Retry-After. */
  readonly fiveXX: { kind: string; status: number; code: string; retryAfter: boolean; at: number; path: string }[] = [];
  /** Envelope event_ids answered 200 (acknowledged: must be stored exactly once). */
  readonly ackedEnvelopes: string[] = [];
  /** Claude events answered 200 whose body the service stores: `<hook>:<tool_use_id>` or `seq:<soak_seq>`. */
  readonly ackedClaude: string[] = [];
  /** Fail-closed decisions seen by the agent, by the reason's cause phrase. */
  readonly failClosed = new Map<string, number>();
  /** Decisions by kind and decision, for the report. */
  readonly verdicts = new Map<string, number>();
  /** Slots a paced client could not keep because its previous request was still running. */
  skipped = 0;
  /** When the service said it was shedding load (a 503 OVERLOADED, or a decision failed closed as overloaded). */
  readonly overloadAt: number[] = [];
  /** When it said it could not store an event (a write answered 503 STORE_UNAVAILABLE, or failed closed so). */
  readonly storeDownAt: number[] = [];
  /**
   * Claude answers that do not tell whether the event was stored, settled after the run: a PermissionRequest {} is an
   * allow, or an ask (which says nothing) that may have been shed before it was judged, and then not stored; a deny
   * with the verdict's own reason is given even when the event could not be stored (the stricter answer stands).
   */
  readonly pending: { at: number; kind: string; key: string; text: string; silent: boolean; denyDue?: boolean }[] = [];

  /**
   * Settles `pending`: near (±windowMs) a store failure (or, for a silent answer, shedding too) it is not counted as
   * stored; otherwise it is.
   */
  settle(windowMs: number): void {
    const near = (times: number[], at: number) => times.some((t) => Math.abs(t - at) <= windowMs);
    for (const p of this.pending.splice(0)) {
      if (near(this.storeDownAt, p.at) || (p.silent && near(this.overloadAt, p.at))) {
        this.count(this.verdicts, `${p.kind} ${p.silent ? '{}' : 'deny'} while the service shed load or could not store, maybe not stored`);
        continue;
      }
      if (p.silent) {
        this.count(this.verdicts, `${p.kind} allow`);
        if (p.denyDue) this.problem(p.kind, 'allow where deny was due', p.text);
      }
      this.ackedClaude.push(p.key);
    }
  }

  record(kind: string, a: Answer): void {
    let k = this.kinds.get(kind);
    if (!k) this.kinds.set(kind, (k = { requests: 0, statuses: {}, problems: 0 }));
    k.requests++;
    const key = a.status ? String(a.status) : 'no-answer';
    k.statuses[key] = (k.statuses[key] ?? 0) + 1;
  }

  problem(kind: string, what: string, example: string): void {
    const k = this.kinds.get(kind);
    if (k) k.problems++;
    const key = `${kind}: ${what}`;
    let p = this.problems.get(key);
    if (!p) this.problems.set(key, (p = { count: 0, examples: [] }));
    p.count++;
    if (p.examples.length < 3) p.examples.push(example.slice(0, 300));
  }

  count(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  get requests(): number {
    let n = 0;
    for (const k of this.kinds.values()) n += k.requests;
    return n;
  }
}

export interface PacedOptions {
  clients: number;
  /** Shots per second over all clients. */
  rate: number;
  endAt: number;
  /** Runs one shot (one or a few requests) for client `client`. */
  shot(client: number): Promise<void>;
  tally: Tally;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Open-loop pacing per client: client i fires at its own slots (rate / clients per second, staggered). A client
 * whose request is still running skips the slots it missed instead of bursting to catch up, so the load stays
 * bounded in rate and in concurrency (one request in flight per client) whatever the service does.
 */
export async function runPaced(opts: PacedOptions): Promise<void> {
  const interval = (opts.clients * 1000) / opts.rate;
  const t0 = performance.now();
  const end = t0 + (opts.endAt - Date.now());
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, c) => {
      let due = t0 + (c * interval) / opts.clients;
      while (due < end) {
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        await opts.shot(c);
        due += interval;
        const behind = performance.now() - due;
        if (behind > interval) {
          const missed = Math.floor(behind / interval);
          opts.tally.skipped += missed;
          due += missed * interval;
        }
      }
    }),
  );
}

export function newAgents(n: number): Agent[] {
  return Array.from({ length: n }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
}
