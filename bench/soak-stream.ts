// Soak stream clients: readers that must see every event once (across reconnects), churners, and one that stops reading.
import { WebSocket } from 'ws';

/** Stream ids `<ms>-<seq>` in order (written here rather than imported: the soak judges the service from outside). */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A time-out to race against: it does not keep the process alive once the race is decided. */
export const expire = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** A server frame; a frame that is not JSON is a problem, not a crash of the soak. */
function parseFrame(data: unknown, tally: StreamTally, who: string): Frame | undefined {
  try {
    return JSON.parse(String(data)) as Frame;
  } catch {
    tally.problem(`${who}: a frame that is not JSON: ${String(data).slice(0, 200)}`);
    return undefined;
  }
}

interface Frame {
  type: string;
  events?: { id: string; event_id: string; hook_type: string; agent_id: string; priority: number }[];
  last_id?: string;
  epoch?: string;
  recovered?: boolean;
  code?: string;
  message?: string;
}

/** What every stream client counts; `at` times let the checks tell outage-time store errors from others. */
export class StreamTally {
  connections = 0;
  /** Upgrades answered 503 + Retry-After HOOKS_ERR_OVERLOADED: legitimate while the service sheds load. */
  refusedWhileShedding = 0;
  readonly closes = new Map<string, number>();
  readonly storeErrorsAt: number[] = [];
  readonly problems: string[] = [];

  close(who: string, code: number): void {
    const key = `${who} ${code}`;
    this.closes.set(key, (this.closes.get(key) ?? 0) + 1);
  }

  problem(msg: string): void {
    if (this.problems.length < 50) this.problems.push(msg);
  }
}

/**
 * Watches for an upgrade refused with an HTTP answer (`refused()` then says so): a 503 + Retry-After with
 * HOOKS_ERR_OVERLOADED is load shedding, which is legitimate; any other refusal is a problem.
 */
function watchRefusal(ws: WebSocket, tally: StreamTally, who: string): () => boolean {
  let refused = false;
  ws.on('unexpected-response', (_req, res) => {
    refused = true;
    let body = '';
    res.on('data', (c: Buffer) => (body += c.toString('utf8')));
    res.on('end', () => {
      let code: unknown;
      try {
        code = (JSON.parse(body) as { code?: unknown }).code;
      } catch {
        code = body.slice(0, 100);
      }
      if (res.statusCode === 503 && res.headers['retry-after'] && code === 'HOOKS_ERR_OVERLOADED') tally.refusedWhileShedding++;
      else tally.problem(`${who}: upgrade refused with ${res.statusCode} ${String(code)}`);
      ws.terminate();
    });
  });
  return () => refused;
}

/**
 * Reads every event. After any close — its own (every `cycleMs`, sometimes without a close handshake), a store
 * error or the server's — it reconnects with `since`/`epoch` as the README says, so across all its connections it
 * must see every event after its first `subscribed` exactly once, in order.
 */
export class Reader {
  /** Stream ids received, in arrival order, over all connections; and the event_ids they carried. */
  readonly ids: string[] = [];
  readonly eventIds: string[] = [];
  firstSync: string | null = null;
  last: string | null = null;
  private epoch: string | null = null;
  private ws: WebSocket | null = null;
  private stopping = false;
  private onPurpose = false;
  /** How soon to come back after this connection closes. */
  private retryMs = 500;
  reconnects = 0;

  constructor(
    private readonly wsUrl: string,
    readonly name: string,
    private readonly tally: StreamTally,
    private readonly cycleMs: [number, number] | null,
    private readonly rnd: () => number,
  ) {}

  start(): void {
    const resume = this.last !== null;
    const q = resume ? `?since=${this.last}&epoch=${encodeURIComponent(this.epoch ?? '')}` : '';
    const ws = new WebSocket(this.wsUrl + q);
    watchRefusal(ws, this.tally, this.name);
    this.ws = ws;
    this.onPurpose = false;
    this.retryMs = 500;
    this.tally.connections++;
    let cycle: NodeJS.Timeout | undefined;
    ws.on('message', (data) => {
      const m = parseFrame(data, this.tally, this.name);
      if (!m) return;
      if (m.type === 'hook_events') {
        for (const e of m.events ?? []) {
          if (this.last !== null && compareIds(e.id, this.last) <= 0) this.tally.problem(`${this.name}: ${e.id} after ${this.last} (duplicate or out of order)`);
          this.ids.push(e.id);
          this.eventIds.push(e.event_id);
          this.last = e.id;
        }
      } else if (m.type === 'subscribed') {
        if (resume && m.recovered !== true) this.tally.problem(`${this.name}: resumed from ${q} but recovered=${m.recovered}`);
        this.firstSync ??= m.last_id ?? null;
        if (m.last_id && (this.last === null || compareIds(m.last_id, this.last) > 0)) this.last = m.last_id;
        this.epoch = m.epoch ?? null;
        if (this.cycleMs) {
          const [lo, hi] = this.cycleMs;
          cycle = setTimeout(() => this.leave(this.rnd() < 0.3), lo + this.rnd() * (hi - lo));
        }
      } else if (m.type === 'error' && m.code === 'HOOKS_ERR_STORE_UNAVAILABLE') {
        // Redis is away: the subscription is gone; come back in a moment with the same `since`.
        this.tally.storeErrorsAt.push(Date.now());
        this.leave(false);
        this.retryMs = 250;
      } else {
        this.tally.problem(`${this.name}: unexpected frame ${data.toString().slice(0, 200)}`);
      }
    });
    ws.on('error', () => {}); // a close follows
    ws.on('close', (code) => {
      clearTimeout(cycle);
      this.tally.close(this.onPurpose ? `${this.name} (own)` : `${this.name} (server)`, code);
      if (this.stopping) return;
      this.reconnects++;
      setTimeout(() => this.start(), this.retryMs);
    });
  }

  private leave(abrupt: boolean): void {
    this.onPurpose = true;
    this.retryMs = 50;
    if (abrupt) this.ws?.terminate();
    else this.ws?.close();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    this.onPurpose = true;
    const closed = new Promise((r) => ws.once('close', r));
    ws.close();
    await Promise.race([closed, expire(3000)]);
    ws.terminate();
  }
}

const CHURN_QUERIES = ['', 'hook_types=PreToolUse,PermissionRequest&min_priority=3', 'agent_ids=soak-agent-1,soak-agent-2'];

/**
 * Clients that come and go the whole time: open (unfiltered, filtered, or resuming a recent id), read for a
 * moment, leave (sometimes without a close handshake). Each must be subscribed in time and get ordered,
 * matching events.
 */
export async function churn(wsUrl: string, tally: StreamTally, endAt: number, rnd: () => number, recentId: () => string | null): Promise<void> {
  for (let n = 0; Date.now() < endAt; n++) {
    const since = n % 4 === 3 ? recentId() : null;
    const query = since ? `since=${since}` : (CHURN_QUERIES[n % CHURN_QUERIES.length]);
    const ws = new WebSocket(`${wsUrl}${query ? `?${query}` : ''}`);
    const refused = watchRefusal(ws, tally, `churn ?${query}`);
    tally.connections++;
    let subscribed = false;
    let storeError = false;
    let last: string | null = since;
    ws.on('message', (data) => {
      const m = parseFrame(data, tally, `churn ?${query}`);
      if (!m) return;
      if (m.type === 'subscribed') subscribed = true;
      else if (m.type === 'error' && m.code === 'HOOKS_ERR_STORE_UNAVAILABLE') {
        storeError = true;
        tally.storeErrorsAt.push(Date.now());
      } else if (m.type === 'hook_events') {
        for (const e of m.events ?? []) {
          if (last !== null && compareIds(e.id, last) <= 0) tally.problem(`churn ?${query}: ${e.id} after ${last}`);
          last = e.id;
          const ok = query.startsWith('hook_types') ? /^(PreToolUse|PermissionRequest)$/.test(e.hook_type) && e.priority <= 3
            : query.startsWith('agent_ids') ? /^soak-agent-[12]$/.test(e.agent_id) : true;
          if (!ok) tally.problem(`churn ?${query}: got ${e.hook_type} of ${e.agent_id} (priority ${e.priority})`);
        }
      } else tally.problem(`churn ?${query}: unexpected frame ${data.toString().slice(0, 200)}`);
    });
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('error', () => {});
    const deadline = Date.now() + 10_000;
    while (!subscribed && !storeError && Date.now() < deadline && ws.readyState !== WebSocket.CLOSED) await sleep(20);
    if (!subscribed && !storeError && !refused()) tally.problem(`churn ?${query}: no subscribed frame within 10 s (state ${ws.readyState})`);
    await sleep(500 + rnd() * 2500);
    if (n % 3 === 2) ws.terminate();
    else ws.close();
    tally.close('churn', await Promise.race([closed, expire(5000).then(() => -1)]));
    ws.terminate();
  }
}

/**
 * A dashboard that stops reading: it subscribes, then stops taking data off its socket until the server says it
 * closed a slow consumer (`slowCloses()` is the server's counter, from /metrics), then reads on to the close frame.
 * It must get 4008; then the next one starts.
 */
export async function slowReaders(wsUrl: string, tally: StreamTally, endAt: number, slowCloses: () => number): Promise<number[]> {
  const codes: number[] = [];
  while (Date.now() < endAt - 3000) {
    const ws = new WebSocket(wsUrl);
    watchRefusal(ws, tally, 'slow reader');
    tally.connections++;
    let subscribed = false;
    ws.on('message', (data) => {
      if (!subscribed && data.toString().startsWith('{"type":"subscribed"')) subscribed = true;
    });
    ws.on('error', () => {});
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    const deadline = Date.now() + 10_000;
    while (!subscribed && Date.now() < deadline && ws.readyState !== WebSocket.CLOSED) await sleep(20);
    if (!subscribed) {
      ws.terminate();
      await sleep(1000);
      continue;
    }
    const before = slowCloses();
    ws.pause();
    while (slowCloses() === before && Date.now() < endAt && ws.readyState === WebSocket.OPEN) await sleep(100);
    ws.resume();
    const code = await Promise.race([closed, expire(endAt > Date.now() ? 15_000 : 3000).then(() => -1)]);
    ws.terminate();
    if (code === -1) {
      // The run ended first, or the server's count was another client's: not a verdict either way.
      tally.close('slow reader (resumed, not closed)', 0);
      if (Date.now() >= endAt) break;
      continue;
    }
    codes.push(code);
    tally.close('slow reader', code);
    await sleep(1000);
  }
  return codes;
}
