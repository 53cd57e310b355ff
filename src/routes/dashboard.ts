// GET /dashboard: the self-contained live dashboard page (public/dashboard.html); GET / redirects to it.
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

/** Two levels below the package root from both src/routes (tsx) and dist/routes (build). */
const PAGE_URL = new URL('../../public/dashboard.html', import.meta.url);

/** A Host header fit to appear in a CSP source; anything else falls back to 'self' alone. */
const HOST_RE = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Only this origin: the page's own inline script and style, fetches and the WebSocket to itself.
 * ws(s)://host is spelled out because older browsers do not let 'self' cover WebSocket schemes.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const ws = host && HOST_RE.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self'${ws}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export default async function dashboardRoutes(app: FastifyInstance) {
  // Read once: the page is static, and a missing file should fail the start, not the first visit.
  const page = await readFile(PAGE_URL, 'utf8');

  app.get(
    '/dashboard',
    {
      config: { scope: 'public' },
      schema: {
        tags: ['dashboard'],
        summary: 'Live dashboard (HTML page)',
        description:
          'A self-contained page: the last 100 events from /hooks/events, then live ones from /hooks/stream, ' +
          'with filters and counters. With HOOK_AUTH_TOKENS set, open it as /dashboard?token=<token>; the page ' +
          'itself is public, its data calls carry the token.',
        produces: ['text/html'],
        response: { 200: { type: 'string', description: 'The dashboard HTML page' } },
      },
    },
    async (request, reply) => {
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', contentSecurityPolicy(request.headers.host))
        .header('x-content-type-options', 'nosniff')
        // The URL may carry ?token=: never hand it to another site as a referrer.
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache');
      return page;
    },
  );

  app.get(
    '/',
    {
      config: { scope: 'public' },
      schema: {
        tags: ['dashboard'],
        summary: 'Redirects to /dashboard (keeping the query string, so ?token= survives)',
        response: { 302: { description: 'Found: Location /dashboard', type: 'null' } },
      },
    },
    async (request, reply) => {
      const q = request.url.indexOf('?');
      return reply.redirect(q === -1 ? '/dashboard' : `/dashboard${request.url.slice(q)}`, 302);
    },
  );
}
