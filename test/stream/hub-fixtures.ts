// Hub test fixtures: fake sockets, a memory store with hooks into its reads, and a hub with connected clients.
import { Registry } from 'prom-client';
import { MemoryEventStore } from '../../src/store/memory-store.js';
import type { NewEvent, ReadOptions, ReadPage, StoreListener, StoredEvent } from '../../src/store/types.js';
import { StreamHub, type HubOptions } from '../../src/stream/hub.js';
import { StreamMetrics } from '../../src/stream/metrics.js';
import type { StreamSession, StreamSocket } from '../../src/stream/session.js';
import { defaultPriority, type HookType } from '../../src/schemas/hook-types.js';

export class FakeSocket implements StreamSocket {
  readyState = 1;
  bufferedAmount = 0;
  sent: Buffer[] = [];
  closes: [number | undefined, string | undefined][] = [];
  pings = 0;
  terminated = false;
  onClose: (() => void) | null = null;
  send(data: Buffer): void {
    this.sent.push(data);
  }
  ping(): void {
    this.pings++;
  }
  close(code?: number, reason?: string): void {
    this.closes.push([code, reason]);
    this.readyState = 2;
    queueMicrotask(() => this.onClose?.());
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    queueMicrotask(() => this.onClose?.());
  }
  frames(): { type: string; events?: StoredEvent[]; [k: string]: unknown }[] {
    return this.sent.map((b) => JSON.parse(b.toString()));
  }
  events(): StoredEvent[] {
    return this.frames().flatMap((f) => f.events ?? []);
  }
}

/** The memory store plus hooks into read(), to interleave writes with a replay deterministically. */
export class TapStore extends MemoryEventStore {
  beforeRead: (() => Promise<void>) | null = null;
  afterRead: (() => Promise<void>) | null = null;
  listener: StoreListener | null = null;
  override async read(opts: ReadOptions): Promise<ReadPage> {
    await this.beforeRead?.();
    const page = await super.read(opts);
    await this.afterRead?.();
    return page;
  }
  override subscribe(listener: StoreListener): () => void {
    this.listener = listener;
    return super.subscribe(listener);
  }
}

let n = 0;
export function newEvent(over: Partial<NewEvent> = {}): NewEvent {
  const hook = (over.hook_type ?? 'PreToolUse') as HookType;
  return {
    event_id: `ev-${++n}`, hook_type: hook, agent_id: 'agent-1', session_id: 'sess-1', correlation_id: null,
    priority: defaultPriority(hook), timestamp: new Date().toISOString(), payload: { n }, metadata: {},
    decision: 'allow', risk: 'SAFE', reason: null, rule: null, processing_time_ms: 0.1, source: 'hooks', ...over,
  };
}

export const tick = () => new Promise((r) => setImmediate(r));
/** Every hub `setup` built; the test files close them after each test. */
export const hubs: StreamHub[] = [];

export function setup<S extends MemoryEventStore = TapStore>(opts: Partial<HubOptions> = {}, store: S = new TapStore({ maxEvents: 1000 }) as unknown as S) {
  const registry = new Registry();
  const hub = new StreamHub({
    store, metrics: new StreamMetrics(registry), maxBufferBytes: 1 << 20, pingIntervalMs: 60_000, maxConnections: 100, ...opts,
  });
  hub.start();
  hubs.push(hub);
  const connect = async (filter: StreamSession['filter'] = {}, since?: string) => {
    const socket = new FakeSocket();
    const session = hub.connect(socket) as StreamSession;
    socket.onClose = () => hub.disconnect(session);
    await hub.subscribe(session, { filter, ...(since ? { since } : {}) });
    return { socket, session };
  };
  const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values.reduce((s, v) => s + v.value, 0) ?? 0;
  /** One series of a metric, e.g. `hooks_ws_batch_events_count`. */
  const series = async (name: string, metricName: string) =>
    ((await registry.getSingleMetric(name)?.get())?.values as { metricName?: string; value: number }[] | undefined)
      ?.find((v) => v.metricName === metricName)?.value ?? 0;
  return { hub, store, connect, metric, series };
}

