// HOOK_AUTH_TOKENS: /hooks* need a bearer token (401 in the error shape otherwise); health and metrics stay open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp, hookBody } from '../helpers/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await makeApp({ HOOK_AUTH_TOKENS: 'tok-one, tok-two' });
});
afterAll(async () => {
  await app.close();
});

describe('bearer tokens', () => {
  it('a missing token is 401 with WWW-Authenticate', async () => {
    const res = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, code: 'HOOKS_ERR_UNAUTHORIZED', error: 'Unauthorized' });
    expect(res.headers['www-authenticate']).toContain('Bearer');
  });

  it('a wrong token is 401, on every /hooks route', async () => {
    for (const url of ['/hooks', '/hooks/batch', '/hooks/claude']) {
      const res = await app.inject({ method: 'POST', url, payload: {}, headers: { authorization: 'Bearer nope' } });
      expect(res.statusCode, url).toBe(401);
    }
    const get = await app.inject({ url: '/hooks/events', headers: { authorization: 'Basic abc' } });
    expect(get.statusCode).toBe(401);
  });

  it('any configured token is accepted, as a header or ?token=', async () => {
    const a = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody(), headers: { authorization: 'Bearer tok-two' } });
    expect(a.statusCode).toBe(200);
    const b = await app.inject({ url: '/hooks/events?token=tok-one' });
    expect(b.statusCode).toBe(200);
  });

  it('health and metrics need no token', async () => {
    for (const url of ['/health/live', '/health/ready', '/health/hooks', '/metrics']) {
      expect((await app.inject({ url })).statusCode, url).toBe(200);
    }
  });
});
