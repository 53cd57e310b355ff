// GET /dashboard serves the self-contained page with a strict CSP; / redirects to it; the OpenAPI lists it.
import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { makeApp } from '../helpers/app.js';
import { contentSecurityPolicy } from '../../src/routes/dashboard.js';
import { HOOK_TYPES } from '../../src/schemas/hook-types.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('GET /dashboard', () => {
  it('is the HTML page with a strict Content-Security-Policy', async () => {
    app = await makeApp();
    const res = await app.inject({ url: '/dashboard', headers: { host: '127.0.0.1:8000' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/^<!doctype html>/i);
    expect(res.body).toContain('hooks/stream');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:8000 wss://127.0.0.1:8000");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('loads nothing from elsewhere (the machine may be offline)', async () => {
    const html = await readFile(new URL('../../public/dashboard.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/\.innerHTML\s*=|insertAdjacentHTML|document\.write/);
  });

  it('offers exactly the service\'s hook types in its filter', async () => {
    const html = await readFile(new URL('../../public/dashboard.html', import.meta.url), 'utf8');
    const list = /const HOOK_TYPES = \[([^\]]*)\]/.exec(html)?.[1] ?? '';
    expect([...list.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1])).toEqual([...HOOK_TYPES]);
  });

  it('a Host header unfit for a CSP source leaves connect-src at self', () => {
    expect(contentSecurityPolicy('evil.test; script-src *')).toContain("connect-src 'self';");
    expect(contentSecurityPolicy(undefined)).toContain("connect-src 'self';");
    expect(contentSecurityPolicy('[::1]:8000')).toContain('ws://[::1]:8000');
  });

  it('stays public when HOOK_AUTH_TOKENS is set (its data calls carry ?token=)', async () => {
    app = await makeApp({ HOOK_AUTH_TOKENS: 'tok-one' });
    expect((await app.inject({ url: '/dashboard' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/hooks/events?last=1' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/hooks/events?last=1&token=tok-one' })).statusCode).toBe(200);
  });
});

describe('GET /', () => {
  it('redirects 302 to /dashboard, keeping the query string', async () => {
    app = await makeApp();
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/dashboard');
    const withToken = await app.inject({ url: '/?token=abc' });
    expect(withToken.statusCode).toBe(302);
    expect(withToken.headers.location).toBe('/dashboard?token=abc');
  });
});

describe('openapi.yaml', () => {
  it('lists /dashboard under the dashboard tag', async () => {
    const doc = parse(await readFile(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
      paths: Record<string, { get?: { tags?: string[] } }>;
    };
    expect(doc.paths['/dashboard']?.get?.tags).toEqual(['dashboard']);
    expect(doc.paths['/']?.get?.tags).toEqual(['dashboard']);
  });
});
