// Bearer-token authentication for /hooks* when HOOK_AUTH_TOKENS is set; health and metrics stay open.
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createError, ErrorCodes } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Throws a 401 HookError unless the request carries a valid token (no-op when auth is off). */
    authenticate(request: FastifyRequest): void;
  }
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** The token from `Authorization: Bearer …`, or `?token=` (browsers cannot set headers on WebSockets). */
export function requestToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    return m ? (m[1] as string).trim() : undefined;
  }
  const q = request.query as Record<string, unknown> | undefined;
  return typeof q?.token === 'string' ? q.token : undefined;
}

async function authPlugin(app: FastifyInstance, opts: { tokens?: string }) {
  const tokens = (opts.tokens ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  app.decorate('authenticate', (request: FastifyRequest) => {
    if (!tokens.length) return;
    const given = requestToken(request);
    if (!given) {
      throw createError(ErrorCodes.UNAUTHORIZED, 'Missing credentials: send Authorization: Bearer <token>', 401, {
        'www-authenticate': 'Bearer realm="hookhive"',
      });
    }
    if (!tokens.some((t) => safeEqual(t, given))) {
      throw createError(ErrorCodes.UNAUTHORIZED, 'Invalid token', 401, { 'www-authenticate': 'Bearer realm="hookhive"' });
    }
  });
  if (!tokens.length) return;
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] as string;
    if (path === '/hooks' || path.startsWith('/hooks/')) app.authenticate(request);
  });
}

export default fp(authPlugin, { name: 'hookhive-auth' });
