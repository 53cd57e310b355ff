// Who may reach what: the Host guard, CORS, the Origin guard and bearer tokens with scopes, all decided on the matched route.
import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createError, ErrorCodes } from '../errors.js';
import { TokenTable, type Role } from '../access/tokens.js';
import { hostAllowed, originAllowed } from '../access/origins.js';

/** What a route needs: `public` nothing, `read` a read or full token, `ingest` an ingest or full token, `admin` a full token. */
export type Scope = 'public' | 'read' | 'ingest' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Unset on a matched route means `admin`: deny by default. */
    scope?: Scope;
  }
  interface FastifyRequest {
    /** Who is asking: the role of the presented token (`anonymous` when tokens are off), and a key for rate limits. */
    principal: { role: Role | 'anonymous'; key: string } | null;
  }
}

export interface AccessOptions {
  fullTokens: readonly string[];
  ingestTokens: readonly string[];
  readTokens: readonly string[];
  allowedOrigins: readonly string[];
  allowedHosts: readonly string[];
  /** Bound to loopback: only loopback Host names (and HOOK_ALLOWED_HOSTS) are served. */
  loopback: boolean;
}

const ROLES_FOR: Record<Exclude<Scope, 'public'>, readonly Role[]> = {
  read: ['full', 'read'],
  ingest: ['full', 'ingest'],
  admin: ['full'],
};

const WWW_AUTHENTICATE = { 'www-authenticate': 'Bearer realm="hookhive"' };
/** Browsers cannot set headers on a WebSocket: the dashboard offers its token as a subprotocol instead. */
const BEARER_PROTOCOL_PREFIX = 'hookhive.bearer.';
export const STREAM_PROTOCOL = 'hookhive';

/** The token a request presents: `Authorization: Bearer`, a `hookhive.bearer.<base64url>` subprotocol, or `?token=`. */
function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m ? (m[1]) : '';
  }
  const protocols = request.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const p of protocols.split(',')) {
      const t = p.trim();
      if (t.startsWith(BEARER_PROTOCOL_PREFIX)) return Buffer.from(t.slice(BEARER_PROTOCOL_PREFIX.length), 'base64url').toString('utf8');
    }
  }
  const q = request.query as Record<string, unknown> | undefined;
  return typeof q?.token === 'string' ? q.token : undefined;
}

/** The route's scope: what it declared, `public` for CORS preflights, `admin` for anything that declared nothing. */
function scopeOf(request: FastifyRequest): Scope | null {
  if (request.is404) return null; // nothing to protect; the 404 says only that nothing is there
  const { config, url } = request.facts.route;
  if (config.scope) return config.scope;
  if (request.method === 'OPTIONS' && url === '*') return 'public';
  return 'admin';
}

async function accessPlugin(app: FastifyInstance, opts: AccessOptions) {
  const tokens = new TokenTable({ full: opts.fullTokens, ingest: opts.ingestTokens, read: opts.readTokens });
  app.decorateRequest('principal', null);

  // DNS rebinding: a page on attacker.example resolving to 127.0.0.1 is same-origin to the browser; its Host is not ours.
  app.addHook('onRequest', (request, _reply, done) => {
    if (hostAllowed(request.headers.host, opts)) return done();
    done(createError(ErrorCodes.HOST_NOT_ALLOWED, `Host ${JSON.stringify(request.headers.host)} is not served here; add it to HOOK_ALLOWED_HOSTS`, 421));
  });
  // Preflights are answered by @fastify/cors in its own hook, before any credentials are asked for.
  if (opts.allowedOrigins.length) {
    await app.register(cors, {
      origin: [...opts.allowedOrigins],
      methods: ['GET', 'HEAD', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-agent-id'],
      maxAge: 600,
    });
  }
  // Callback-style hooks: a check on every request should not cost a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      authorize(request);
      done();
    } catch (err) {
      done(err as Error);
    }
  });

  function authorize(request: FastifyRequest): void {
    const scope = scopeOf(request);
    if (scope === null || scope === 'public') return;
    if (!originAllowed(request.headers.origin, request.headers.host, opts.allowedOrigins)) {
      throw createError(ErrorCodes.FORBIDDEN_ORIGIN, `Origin ${JSON.stringify(request.headers.origin)} may not use this service; add it to HOOK_ALLOWED_ORIGINS`, 403);
    }
    if (!tokens.enabled) {
      request.principal = { role: 'anonymous', key: `ip:${request.ip}` };
      return;
    }
    const given = presentedToken(request);
    if (!given) throw createError(ErrorCodes.UNAUTHORIZED, 'Missing credentials: send Authorization: Bearer <token>', 401, WWW_AUTHENTICATE);
    const match = tokens.find(given);
    if (!match) throw createError(ErrorCodes.UNAUTHORIZED, 'Invalid token', 401, WWW_AUTHENTICATE);
    if (!ROLES_FOR[scope].includes(match.role)) {
      throw createError(ErrorCodes.FORBIDDEN, `A ${match.role} token cannot use ${request.method} ${request.facts.route.url}`, 403);
    }
    request.principal = { role: match.role, key: `token:${match.key}` };
  }
}

export default fp(accessPlugin, { name: 'hookhive-access', dependencies: ['hookhive-body'] });
