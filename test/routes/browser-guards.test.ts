// CONTRACT §5's browser rules: no web page the user visits can read or write through the service (Origin,
// DNS rebinding via Host), with or without tokens; CORS only for the origins configured.
import { afterEach, describe, expect, it } from 'vitest';
import { StreamHarness, StreamProbe } from '../helpers/ws.js';
import { hookBody, makeApp } from '../helpers/app.js';

const harness = new StreamHarness();
afterEach(() => harness.cleanup());

const refusal = async (url: string, headers: Record<string, string>) =>
  StreamProbe.open(url, { headers }).then(
    () => 0,
    (err: { statusCode?: number }) => err.statusCode ?? -1,
  );

describe('Origin', () => {
  it('a WebSocket from another site is refused with 403 before it can read anything, tokens or not', async () => {
    for (const config of [{}, { HOOK_AUTH_TOKENS: 'secret' }]) {
      const { urls, post } = await harness.start(config);
      if (!('HOOK_AUTH_TOKENS' in config)) await post([hookBody()]);
      const auth: Record<string, string> = 'HOOK_AUTH_TOKENS' in config ? { authorization: 'Bearer secret' } : {};
      expect(await refusal(urls.ws('since=0-0'), { origin: 'https://evil.example', ...auth })).toBe(403);
      expect(await refusal(urls.ws('since=0-0'), { origin: 'null', ...auth })).toBe(403);
      // Its own page (the dashboard) and clients that send no Origin (agents, CLIs) are fine.
      const own = harness.track(await StreamProbe.open(urls.ws('since=0-0'), { headers: { origin: urls.http, ...auth } }));
      await own.nth('subscribed');
      const cli = harness.track(await StreamProbe.open(urls.ws(), { headers: auth }));
      await cli.nth('subscribed');
    }
  });

  it('history reads and writes from another site are 403 in the error shape; health stays open to probes', async () => {
    const app = await makeApp();
    try {
      const evil = { origin: 'https://evil.example' };
      const read = await app.inject({ url: '/hooks/events?last=5', headers: evil });
      expect(read.statusCode).toBe(403);
      expect(read.json()).toMatchObject({ code: 'HOOKS_ERR_FORBIDDEN_ORIGIN' });
      expect((await app.inject({ method: 'POST', url: '/hooks', payload: hookBody(), headers: evil })).statusCode).toBe(403);
      expect((await app.inject({ url: '/health/live', headers: evil })).statusCode).toBe(200);
      expect((await app.inject({ url: '/hooks/events?last=5', headers: { origin: 'http://localhost:80', host: 'localhost' } })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('CORS is off by default and on for exactly HOOK_ALLOWED_ORIGINS', async () => {
    const off = await makeApp();
    const on = await makeApp({ HOOK_ALLOWED_ORIGINS: 'https://dash.example:8443', HOOK_AUTH_TOKENS: 'secret' });
    try {
      const preflight = (origin: string) => ({
        method: 'OPTIONS' as const,
        url: '/hooks/events',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      const none = await off.inject(preflight('https://dash.example:8443'));
      expect(none.headers['access-control-allow-origin']).toBeUndefined();
      const allowed = await on.inject(preflight('https://dash.example:8443'));
      expect(allowed.statusCode).toBeLessThan(300);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://dash.example:8443');
      expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
      const other = await on.inject(preflight('https://evil.example'));
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      // The allowed origin reads with its token; without it, still 401.
      const h = { origin: 'https://dash.example:8443' };
      expect((await on.inject({ url: '/hooks/events?last=1', headers: { ...h, authorization: 'Bearer secret' } })).statusCode).toBe(200);
      expect((await on.inject({ url: '/hooks/events?last=1', headers: h })).statusCode).toBe(401);
      expect((await on.inject({ url: '/hooks/events?last=1', headers: { origin: 'https://evil.example', authorization: 'Bearer secret' } })).statusCode).toBe(403);
    } finally {
      await off.close();
      await on.close();
    }
  });
});

describe('Host (DNS rebinding)', () => {
  it('while bound to loopback only loopback names and HOOK_ALLOWED_HOSTS are served (421 otherwise)', async () => {
    const app = await makeApp({ HOOK_ALLOWED_HOSTS: 'hooks.internal' });
    try {
      for (const host of ['localhost', 'localhost:8000', '127.0.0.1:8000', '[::1]:8000', 'hooks.internal', 'HOOKS.internal:9000']) {
        expect((await app.inject({ url: '/health/live', headers: { host } })).statusCode, host).toBe(200);
      }
      for (const host of ['attacker.example', 'attacker.example:8000', '127.0.0.1.attacker.example', 'localhost.attacker.example']) {
        const res = await app.inject({ url: '/hooks/events?last=1', headers: { host } });
        expect(res.statusCode, host).toBe(421);
        expect(res.json().code).toBe('HOOKS_ERR_HOST_NOT_ALLOWED');
      }
    } finally {
      await app.close();
    }
  });

  it('a rebinding page (its Host is its own name, its Origin matches it) cannot open the stream', async () => {
    const { urls } = await harness.start();
    const port = new URL(urls.http).port;
    const status = await refusal(urls.ws('since=0-0'), { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` });
    expect(status).toBe(421);
  });

  it('beyond loopback (HOST=0.0.0.0) any Host is served unless HOOK_ALLOWED_HOSTS says otherwise', async () => {
    const open = await makeApp({ HOST: '0.0.0.0' });
    const pinned = await makeApp({ HOST: '0.0.0.0', HOOK_ALLOWED_HOSTS: 'hooks.example.com' });
    try {
      expect((await open.inject({ url: '/health/live', headers: { host: '10.0.0.7:8000' } })).statusCode).toBe(200);
      expect((await pinned.inject({ url: '/health/live', headers: { host: '10.0.0.7:8000' } })).statusCode).toBe(421);
      expect((await pinned.inject({ url: '/health/live', headers: { host: 'hooks.example.com' } })).statusCode).toBe(200);
    } finally {
      await open.close();
      await pinned.close();
    }
  });
});
