// A WebSocket test client for /hooks/stream: collects frames, waits for conditions, reports the close code.
import { WebSocket, type ClientOptions } from 'ws';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { makeApp } from './app.js';
import type { Config } from '../../src/config.js';

export interface Frame {
  type: string;
  [key: string]: unknown;
}

export interface StreamedEvent {
  id: string;
  event_id: string;
  hook_type: string;
  agent_id: string;
  session_id: string | null;
  priority: number;
  [key: string]: unknown;
}

export class StreamProbe {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  closeReason = '';
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        resolve({ code, reason: this.closeReason });
      }),
    );
  }

  /** Opens a client; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string, opts: ClientOptions = {}, protocols?: string[]): Promise<StreamProbe> {
    const ws = protocols ? new WebSocket(url, protocols, opts) : new WebSocket(url, opts);
    const probe = new StreamProbe(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(probe));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { statusCode: res.statusCode }));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  ofType(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  /** Every event received so far, flattened from the hook_events frames, in arrival order. */
  events(): StreamedEvent[] {
    return this.ofType('hook_events').flatMap((f) => f.events as StreamedEvent[]);
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async until(check: (p: StreamProbe) => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(0, 600)}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits for the n-th frame of a type (1-based) and returns it. */
  async nth(type: string, n = 1, timeoutMs = 5000): Promise<Frame> {
    await this.until((p) => p.ofType(type).length >= n, `${n} ${type} frame(s)`, timeoutMs);
    return this.ofType(type)[n - 1];
  }

  async close(): Promise<void> {
    if (this.closeCode === null) this.ws.close();
    await this.closed;
  }
}

/** Starts the app on a free loopback port and returns the stream URL (plus query). */
export async function listen(app: FastifyInstance): Promise<{ http: string; ws: (query?: string) => string }> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    http: `http://127.0.0.1:${port}`,
    ws: (query = '') => `ws://127.0.0.1:${port}/hooks/stream${query ? `?${query}` : ''}`,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Listening apps and their stream clients for one test file: `start()` builds an app, `cleanup()` (in
 * afterEach) terminates the clients still open and closes the apps.
 */
export class StreamHarness {
  private readonly apps: FastifyInstance[] = [];
  private readonly probes: StreamProbe[] = [];

  async start(config: Partial<Config> = {}) {
    const app = await makeApp(config);
    this.apps.push(app);
    const urls = await listen(app);
    const open = async (query = '', opts: ClientOptions = {}) => {
      return this.track(await StreamProbe.open(urls.ws(query), opts));
    };
    /** Posts a batch and returns its results (stream ids in batch order). */
    const post = async (events: Record<string, unknown>[]) => {
      const res = await app.inject({ method: 'POST', url: '/hooks/batch', payload: { events } });
      expect(res.statusCode).toBe(200);
      return res.json().results as { stream_id: string; event_id: string }[];
    };
    return { app, urls, open, post };
  }

  /** Adopts a client opened elsewhere (e.g. to a spawned service), so cleanup() terminates it too. */
  track(probe: StreamProbe): StreamProbe {
    this.probes.push(probe);
    return probe;
  }

  async cleanup(): Promise<void> {
    for (const p of this.probes.splice(0)) if (p.closeCode === null) p.ws.terminate();
    for (const a of this.apps.splice(0)) await a.close();
  }
}
