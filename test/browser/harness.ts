// What the dashboard's browser tests share: Debian's Chromium, apps on real ports, pages that record errors and CSP violations.
import { expect } from 'vitest';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';

const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} not installed (apt-get install -y chromium)`);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];

export function launch(): Promise<Browser> {
  // launch() gives every browser a fresh temporary profile (user-data-dir) of its own.
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

export interface Started {
  app: FastifyInstance;
  url: string;
  port: number;
  post(events: Record<string, unknown>[], token?: string): Promise<string[]>;
  /** Every URL the server was asked for, page loads and WebSocket upgrades alike, as they came over the wire. */
  wire: string[];
}

const apps = new Set<FastifyInstance>();

/** An app on 127.0.0.1; `port` reuses one (a restart the open pages reconnect to). */
export async function start(config: Partial<Config> = {}, port = 0): Promise<Started> {
  const app = await buildApp(testConfig(config));
  apps.add(app);
  const wire: string[] = [];
  app.server.on('request', (req: { url?: string }) => wire.push(req.url ?? ''));
  app.server.on('upgrade', (req: { url?: string }) => wire.push(req.url ?? ''));
  await app.listen({ host: '127.0.0.1', port });
  const addr = app.server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${bound}`;
  const post = async (events: Record<string, unknown>[], token?: string) => {
    const res = await fetch(`${url}/hooks/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: { stream_id: string }[] }).results.map((r) => r.stream_id);
  };
  return { app, url, port: bound, post, wire };
}

export async function stop(app: FastifyInstance): Promise<void> {
  apps.delete(app);
  await app.close();
}

export async function stopAll(): Promise<void> {
  for (const a of [...apps]) await stop(a);
}

/** The tsconfig has no DOM lib: the little that runs in the page is typed structurally. */
interface ProbeWindow {
  __csp: string[];
  __wsProtocols: string[];
  WebSocket: new (url: string, protocols?: string | string[]) => { protocol: string; addEventListener(t: string, f: () => void): void };
  document: { addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string; sample: string }) => void): void };
}

/**
 * Runs before the page's own script: records every CSP violation (the event fires for blocked inline styles
 * and scripts alike) and the subprotocol every WebSocket ends up with.
 */
function probe() {
  const w = globalThis as unknown as ProbeWindow;
  w.__csp = [];
  w.__wsProtocols = [];
  w.document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  const Native = w.WebSocket;
  w.WebSocket = class extends Native {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => w.__wsProtocols.push(this.protocol));
    }
  };
}

export interface Opened {
  page: Page;
  /** Page errors and console errors (a CSP violation is logged as one). */
  errors: string[];
  /** Every request URL the browser made, WebSocket URLs included. */
  requests: string[];
  /** Headers of every request the browser made, by URL. */
  headers: Map<string, Record<string, string>>;
  status: number | undefined;
  responseHeaders: Record<string, string>;
}

export interface OpenOptions {
  width?: number;
  /** Wait for the stream to be live (the default), or not (pages expected to ask for a token). */
  live?: boolean;
  /** Runs, and is awaited, before the page is navigated: listeners and routes that must see the first request or socket. */
  before?: (page: Page) => unknown;
}

export async function openPage(browser: Browser, url: string, opts: OpenOptions = {}): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: 800 } });
  page.setDefaultTimeout(5000);
  await page.addInitScript(probe);
  await opts.before?.(page);
  const errors: string[] = [];
  const requests: string[] = [];
  const headers = new Map<string, Record<string, string>>();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => {
    requests.push(r.url());
    headers.set(r.url(), r.headers());
  });
  page.on('websocket', (ws) => requests.push(ws.url()));
  const res = await page.goto(url);
  if (opts.live !== false) await page.locator('#conn[data-state="live"]').waitFor({ timeout: 5000 });
  return { page, errors, requests, headers, status: res?.status(), responseHeaders: res ? await res.allHeaders() : {} };
}

export const cspViolations = (page: Page) => page.evaluate<string[]>('window.__csp');
export const wsProtocols = (page: Page) => page.evaluate<string[]>('window.__wsProtocols');

/** The directives of a CSP header, by name. */
export function directives(csp: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values.join(' '));
  }
  return out;
}

type Attrs = { getAttribute(name: string): string | null };
const attrOfRows = (page: Page, name: string) =>
  page.locator('#rows tr').evaluateAll((trs, n) => trs.map((tr) => (tr as unknown as Attrs).getAttribute(n)), name);
export const rowIds = (page: Page) => attrOfRows(page, 'data-id');
export const decisions = (page: Page) => attrOfRows(page, 'data-decision');
export const row = (page: Page, id: string) => page.locator(`#rows tr[data-id="${id}"]`);
