// A real service listening on a free port for the client tests, and a tiny HTTP proxy that misbehaves on cue.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config.js';
import { makeApp } from '../helpers/app.js';

export interface Listening {
  app: FastifyInstance;
  url: string;
  /** The path of every POST the service received, in order (history reads are GETs and not counted). */
  posts: string[];
  /** The N newest stored events, oldest first, read from the service's own history route. */
  last(n: number): Promise<Record<string, any>[]>;
  close(): Promise<void>;
}

export async function listen(config: Partial<Config> = {}, headers: Record<string, string> = {}): Promise<Listening> {
  const posts: string[] = [];
  // On a loaded machine the first command (parser warm-up) can overrun the default 50 ms budget and fail
  // closed to "ask", and event-loop lag sheds requests with 503s: these tests are about the client, not those.
  const calm: Partial<Config> = { HOOK_COMMAND_BUDGET_MS: 10_000, HOOK_VALIDATION_BUDGET_MS: 60_000, HOOK_MAX_EVENT_LOOP_DELAY_MS: 0 };
  const app = await makeApp({ ...calm, ...config }, {}, (a) => {
    a.addHook('onRequest', async (req) => {
      if (req.method === 'POST') posts.push(req.url);
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    posts,
    last: async (n) => {
      const res = await app.inject({ url: `/hooks/events?last=${n}`, headers });
      if (res.statusCode !== 200) throw new Error(`history: ${res.statusCode} ${res.body}`);
      return res.json().events;
    },
    close: () => app.close(),
  };
}

/** What the proxy does with one request: pass it on, answer for the service, or cut the connection. */
export type ProxyAction =
  | { kind: 'forward' }
  /** Forwards, lets the service store the event, then answers this instead: the answer was "lost". */
  | { kind: 'forward-then'; status: number; headers?: Record<string, string> }
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'reset' };

export interface Proxy {
  url: string;
  /** Bodies of the requests it received, parsed. */
  bodies: Record<string, any>[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

/** `decide(n)` is called with the 0-based number of the request. */
export async function proxy(upstream: string, decide: (n: number) => ProxyAction): Promise<Proxy> {
  const bodies: Record<string, any>[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const n = bodies.length;
      bodies.push(text ? JSON.parse(text) : {});
      const action = decide(n);
      if (action.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (action.kind === 'answer') {
        res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers });
        res.end(JSON.stringify(action.body ?? { statusCode: action.status, code: 'TEST', error: 'test', message: `test ${action.status}` }));
        return;
      }
      const up = await fetch(`${upstream}${req.url}`, {
        method: req.method,
        headers: { 'content-type': 'application/json', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
        body: text || undefined,
      });
      const upBody = await up.text();
      if (action.kind === 'forward-then') {
        res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers });
        res.end(JSON.stringify({ statusCode: action.status, code: 'TEST_LOST', error: 'lost', message: 'answer lost' }));
        return;
      }
      res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
      res.end(upBody);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
