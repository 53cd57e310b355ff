// Tokens and scopes (CONTRACT §12): decided on the route that matched, so no spelling of a path gets past them.
import { describe, expect, it } from 'vitest';
import { makeApp, hookBody, claudeBody, useApp } from '../helpers/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const app = useApp({ HOOK_AUTH_TOKENS: 'tok-one, tok-two', HOOK_INGEST_TOKENS: 'agent-tok', HOOK_READ_TOKENS: 'read-tok' });

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/** Every way we could think of to spell a protected path so a text match would miss it. */
function spellings(path: string): string[] {
  const out = new Set<string>([path, `${path}/`, `${path}?x=1`, `${path};jsessionid=1`, `/.${path}`, `/./${path.slice(1)}`, `//${path.slice(1)}`]);
  const segs = path.split('/');
  out.add(segs.join('//'));
  out.add(`/${segs[1]}/../${segs.slice(1).join('/')}`);
  out.add(path.toUpperCase());
  out.add(path.replace(/\//g, '%2F'));
  out.add(path.replace(/\/(?!$)/g, (m, i) => (i === 0 ? m : '%2f')));
  // Percent-encode each letter, one at a time and all at once.
  for (let i = 1; i < path.length; i++) {
    if (/[a-z]/.test(path[i])) out.add(path.slice(0, i) + '%' + path.charCodeAt(i).toString(16) + path.slice(i + 1));
  }
  out.add(path.replace(/[a-z]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()));
  return [...out];
}

describe('every spelling of a protected path is either refused or not found', () => {
  const routes: [string, string][] = [
    ['GET', '/hooks/events'],
    ['POST', '/hooks'],
    ['POST', '/hooks/batch'],
    ['POST', '/hooks/claude'],
    ['GET', '/hooks/stream'],
  ];
  for (const [method, path] of routes) {
    it(`${method} ${path}`, async () => {
      for (const url of spellings(path)) {
        for (const m of method === 'GET' ? ['GET', 'HEAD', 'OPTIONS'] : [method, 'OPTIONS']) {
          const res = await app().inject({ method: m as 'GET', url, payload: m === 'POST' ? hookBody() : undefined });
          // Never served without a token: 401 where a route matched, 404/405 where none did.
          expect([401, 404, 405], `${m} ${url} → ${res.statusCode}`).toContain(res.statusCode);
          if (res.statusCode !== 401) expect(res.body).not.toContain('"events"');
        }
      }
    });
  }

  it('a decoded spelling that reaches a route gets that route\'s check (the bypass that was found)', async () => {
    expect((await app().inject({ url: '/%68ooks/events?last=5' })).statusCode).toBe(401);
    expect((await app().inject({ method: 'POST', url: '/%68ooks', payload: hookBody() })).statusCode).toBe(401);
    expect((await app().inject({ url: '/%68ooks/events?last=5', headers: bearer('read-tok') })).statusCode).toBe(200);
  });
});

describe('bearer tokens and roles', () => {
  it('a missing token is 401 with WWW-Authenticate', async () => {
    const res = await app().inject({ method: 'POST', url: '/hooks', payload: hookBody() });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, code: 'HOOKS_ERR_UNAUTHORIZED', error: 'Unauthorized' });
    expect(res.headers['www-authenticate']).toContain('Bearer');
  });

  it('a wrong token is 401, on every protected route, even for a decision event on an agent route', async () => {
    for (const url of ['/hooks', '/hooks/batch', '/hooks/claude']) {
      const res = await app().inject({ method: 'POST', url, payload: claudeBody('rm -rf /'), headers: bearer('nope') });
      expect(res.statusCode, url).toBe(401);
    }
    const get = await app().inject({ url: '/hooks/events', headers: { authorization: 'Basic abc' } });
    expect(get.statusCode).toBe(401);
  });

  it('full tokens do everything; ingest tokens only write; read tokens only read (403, not 401)', async () => {
    const write = (t: string) => app().inject({ method: 'POST', url: '/hooks', payload: hookBody(), headers: bearer(t) });
    const read = (t: string) => app().inject({ url: '/hooks/events?last=1', headers: bearer(t) });
    expect((await write('tok-two')).statusCode).toBe(200);
    expect((await read('tok-one')).statusCode).toBe(200);
    expect((await write('agent-tok')).statusCode).toBe(200);
    const denied = await read('agent-tok');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('HOOKS_ERR_FORBIDDEN');
    expect((await read('read-tok')).statusCode).toBe(200);
    const readWrite = await write('read-tok');
    expect(readWrite.statusCode).toBe(403);
    expect(readWrite.json().code).toBe('HOOKS_ERR_FORBIDDEN');
    const agentWrite = await app().inject({ method: 'POST', url: '/hooks/claude', payload: claudeBody('ls'), headers: bearer('read-tok') });
    expect(agentWrite.statusCode).toBe(403);
  });

  it('?token= still works for clients that can set no header', async () => {
    expect((await app().inject({ url: '/hooks/events?token=tok-one' })).statusCode).toBe(200);
  });

  it('health and metrics need no token; the dashboard page is public', async () => {
    for (const url of ['/health/live', '/health/ready', '/health/hooks', '/metrics', '/dashboard']) {
      expect((await app().inject({ url })).statusCode, url).toBe(200);
    }
  });

  it('a route that declares no scope needs a full token (deny by default)', async () => {
    const fresh = await makeApp({ HOOK_READ_TOKENS: 'r', HOOK_AUTH_TOKENS: 'full' }, {}, (a) => {
      a.get('/undeclared', async () => ({ secret: true }));
    });
    try {
      expect((await fresh.inject({ url: '/undeclared' })).statusCode).toBe(401);
      expect((await fresh.inject({ url: '/undeclared', headers: bearer('r') })).statusCode).toBe(403);
      expect((await fresh.inject({ url: '/undeclared', headers: bearer('full') })).statusCode).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});

describe('token lists are checked at start-up', () => {
  it.each([
    ['HOOK_AUTH_TOKENS', ','],
    ['HOOK_AUTH_TOKENS', 'a,,b'],
    ['HOOK_INGEST_TOKENS', 'a, '],
    ['HOOK_READ_TOKENS', 'has space'],
    ['HOOK_ALLOWED_ORIGINS', 'https://x.example/path'],
    ['HOOK_ALLOWED_ORIGINS', 'x.example'],
  ])('%s=%j is refused, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as ConfigError).variable).toBe(name);
    }
  });

  it('one token in two roles is refused', () => {
    expect(() => loadConfig({ HOOK_AUTH_TOKENS: 'same', HOOK_READ_TOKENS: 'same' })).toThrow(/one role/);
  });
});
