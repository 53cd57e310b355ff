// GET /dashboard and /dashboard/<file>: the page and its files, helmet's strict CSP on them only; / redirects; the OpenAPI lists the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { makeApp } from '../helpers/app.js';
import { connectSources } from '../../src/routes/dashboard.js';

const PUBLIC = new URL('../../public/', import.meta.url);
const ASSETS = new URL('dashboard/', PUBLIC);
const HOST = { host: '127.0.0.1:8000' };

/** The page's files as they are on disk, by name. */
async function files(): Promise<Map<string, string>> {
  const out = new Map([['dashboard.html', await readFile(new URL('dashboard.html', PUBLIC), 'utf8')]]);
  for (const name of await readdir(ASSETS)) out.set(name, await readFile(new URL(name, ASSETS), 'utf8'));
  return out;
}

function directives(csp: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of String(csp).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values.join(' '));
  }
  return out;
}

describe('the dashboard routes', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await makeApp();
  });
  afterAll(() => app.close());

  it('GET /dashboard is the HTML page under a strict CSP and helmet\'s page headers', async () => {
    const res = await app.inject({ url: '/dashboard', headers: HOST });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/^<!doctype html>/i);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).not.toMatch(/unsafe-/);
    expect(Object.fromEntries(directives(csp))).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self' ws://127.0.0.1:8000 wss://127.0.0.1:8000",
      'img-src': "'self' data:",
      'base-uri': "'none'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
      'require-trusted-types-for': "'script'",
      'trusted-types': "'none'",
    });
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves every file of public/dashboard/ with its content type, the same headers, and 304 when unchanged', async () => {
    const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
    const onDisk = await files();
    onDisk.delete('dashboard.html');
    expect([...onDisk.keys()].sort()).toEqual(['agents-view.js', 'api.js', 'approvals-state.js', 'approvals-view.js', 'auth.js', 'dashboard.css',
      'dom.js', 'filters.js', 'health.js', 'lanes.js', 'main.js', 'model.js', 'pause.js', 'rate.js', 'rows.js', 'table.js', 'timeline.js']);
    for (const [name, text] of onDisk) {
      const res = await app.inject({ url: `/dashboard/${name}`, headers: HOST });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type'], name).toBe(types[name.split('.').pop() as string]);
      expect(res.body).toBe(text);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['cache-control']).toBe('no-cache');
      const etag = String(res.headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await app.inject({ url: `/dashboard/${name}`, headers: { ...HOST, 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    }
  });

  it('every file the page and its modules name is one the route serves', async () => {
    const onDisk = await files();
    const html = onDisk.get('dashboard.html') as string;
    const named = [...html.matchAll(/(?:src|href)="dashboard\/([^"]+)"/g)].map((m) => m[1]);
    expect(named.sort()).toEqual(['dashboard.css', 'main.js']);
    for (const [name, text] of onDisk) {
      if (name.endsWith('.js')) for (const m of text.matchAll(/from '\.\/([^']+)'/g)) named.push(m[1]);
    }
    for (const name of new Set(named)) {
      expect((await app.inject({ url: `/dashboard/${name}`, headers: HOST })).statusCode, name).toBe(200);
    }
  });

  it('anything else under /dashboard/ is the service\'s 404', async () => {
    for (const url of ['/dashboard/nope.js', '/dashboard/..%2Fpackage.json', '/dashboard/%2E%2E%2Fdashboard.html', '/dashboard/dashboard.html']) {
      const res = await app.inject({ url, headers: HOST });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('helmet stays in the dashboard\'s scope: the API answers without its headers', async () => {
    for (const url of ['/hooks/events?last=1', '/health/live']) {
      const res = await app.inject({ url, headers: HOST });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-security-policy'], url).toBeUndefined();
      expect(res.headers['x-frame-options'], url).toBeUndefined();
      expect(res.headers['cross-origin-opener-policy'], url).toBeUndefined();
    }
  });

  it('GET / redirects 302 to /dashboard, keeping the filters; an old ?token= moves into the fragment', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/dashboard');
    const withToken = await app.inject({ url: '/?types=Stop&token=a%26b' });
    expect(withToken.statusCode).toBe(302);
    expect(withToken.headers.location).toBe('/dashboard?types=Stop#token=a%26b');
  });
});

describe('the page\'s files', () => {
  it('hold nothing inline that the CSP would block, and load nothing from elsewhere (the machine may be offline)', async () => {
    for (const [name, text] of await files()) {
      expect(text, name).not.toMatch(/(src|href|url)\s*[=(]\s*["']?(https?:)?\/\//i);
      expect(text, name).not.toMatch(/\.innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
      expect(text, name).not.toMatch(/\.style\b|setAttribute\(\s*'style'/);
    }
    const html = (await files()).get('dashboard.html') as string;
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    // Only external scripts: <script ...src=...></script>, nothing between the tags.
    for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/\ssrc="/);
      expect(m[2]).toBe('');
    }
  });

  it('keep no copy of the hook types: the filter is built from GET /hooks/types', async () => {
    const js = [...(await files()).values()].join('\n');
    expect(js).toContain("'hooks/types'");
    for (const name of ['PostToolBatch', 'PreModelSwitch', 'TeammateIdle']) expect(js).not.toContain(`'${name}'`);
  });
});

describe('connectSources', () => {
  it('spells out ws/wss for a plain host, and leaves anything else at self', () => {
    expect(connectSources('127.0.0.1:8000')).toBe("'self' ws://127.0.0.1:8000 wss://127.0.0.1:8000");
    expect(connectSources('[::1]:8000')).toBe("'self' ws://[::1]:8000 wss://[::1]:8000");
    expect(connectSources('evil.test; script-src *')).toBe("'self'");
    expect(connectSources('a b')).toBe("'self'");
    expect(connectSources(undefined)).toBe("'self'");
  });
});

describe('with HOOK_AUTH_TOKENS', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await makeApp({ HOOK_AUTH_TOKENS: 'tok-one' });
  });
  afterAll(() => app.close());

  it('the page and its files stay public; its data calls need the token', async () => {
    expect((await app.inject({ url: '/dashboard' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/dashboard/main.js' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/dashboard/dashboard.css' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/hooks/events?last=1' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/hooks/events?last=1', headers: { authorization: 'Bearer tok-one' } })).statusCode).toBe(200);
  });
});

describe('openapi.yaml', () => {
  it('lists /dashboard under the dashboard tag, and not the page\'s files', async () => {
    const doc = parse(await readFile(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
      paths: Record<string, { get?: { tags?: string[] } }>;
    };
    expect(doc.paths['/dashboard']?.get?.tags).toEqual(['dashboard']);
    expect(doc.paths['/']?.get?.tags).toEqual(['dashboard']);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/dashboard/'))).toEqual([]);
  });
});
