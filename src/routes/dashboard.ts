// GET /dashboard (the page), /dashboard/<file> (its scripts and style), GET / (redirect): static, read once, under a strict CSP.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** Two levels below the package root from both src/routes (tsx) and dist/routes (build). */
const PAGE_URL = new URL('../../public/dashboard.html', import.meta.url);
const ASSETS_URL = new URL('../../public/dashboard/', import.meta.url);

/** What may be served from public/dashboard/: anything else there is not picked up (nor guessed at). */
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
const ASSET_NAME = /^[a-z0-9][a-z0-9-]*\.([a-z]+)$/;

/** A Host header fit to appear in a CSP source; anything else falls back to 'self' alone. */
const HOST_RE = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Where the page may connect: itself, and its WebSocket spelled out as ws(s)://host, because older browsers
 * do not let 'self' cover WebSocket schemes. A Host that is not plainly a host name adds nothing.
 */
export function connectSources(host: string | undefined): string {
  return host && HOST_RE.test(host) ? `'self' ws://${host} wss://${host}` : "'self'";
}

/**
 * Only this origin, and no inline script or style at all: the page's script and style are files, so an
 * event payload that somehow reached the DOM as markup could neither run nor restyle anything. Trusted Types
 * make the HTML-parsing sinks (innerHTML and kin) throw: the page builds its DOM with createElement/textContent.
 */
const CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'connect-src': [(req: IncomingMessage) => connectSources(req.headers.host)],
  // data: for the favicon, which is inline in the page (Chromium loads favicons under img-src).
  'img-src': ["'self'", 'data:'],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'require-trusted-types-for': ["'script'"],
  'trusted-types': ["'none'"],
};

/** Helmet's page headers with the CSP above; none of its defaults are taken silently. */
const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // HSTS is the TLS terminator's decision (hookhive itself speaks plain HTTP): a page should not pin a host for a year.
  strictTransportSecurity: false,
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function asset(body: Buffer, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/** Every servable file of public/dashboard/, by name. */
async function loadAssets(): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const name of await readdir(ASSETS_URL)) {
    const type = CONTENT_TYPES[ASSET_NAME.exec(name)?.[1] ?? ''];
    if (type) assets.set(name, asset(await readFile(new URL(name, ASSETS_URL)), type));
  }
  return assets;
}

/**
 * Always revalidated, so a new version of the service is never mixed with cached modules of the old one;
 * the ETag makes that revalidation a 304.
 */
function sendAsset(request: FastifyRequest, reply: FastifyReply, a: Asset) {
  reply.header('cache-control', 'no-cache').header('etag', a.etag);
  const match = request.headers['if-none-match'];
  if (typeof match === 'string' && match.split(',').some((t) => t.trim() === a.etag)) return reply.code(304).send();
  return reply.header('content-type', a.type).send(a.body);
}

export default async function dashboardRoutes(app: FastifyInstance) {
  // Read once: the files are static, and a missing one should fail the start, not the first visit.
  const page = asset(await readFile(PAGE_URL), 'text/html; charset=utf-8');
  const assets = await loadAssets();

  // This plugin is its own encapsulated scope: helmet's page headers land on these routes only, not on the API.
  await app.register(helmet, HELMET_OPTIONS);

  app.get(
    '/dashboard',
    {
      config: { scope: 'public' },
      schema: {
        tags: ['dashboard'],
        summary: 'Live dashboard (HTML page)',
        description:
          'A self-contained page: the last 100 events from /hooks/events, then live ones from /hooks/stream, ' +
          'with filters and counters. With tokens configured, open it as /dashboard#token=<read token> (a fragment ' +
          'never reaches a server) or enter the token in its form; the page itself is public, its data calls carry ' +
          'the token in a header or a WebSocket subprotocol, never in a URL.',
        produces: ['text/html'],
        response: { 200: { type: 'string', description: 'The dashboard HTML page' } },
      },
    },
    async (request, reply) => sendAsset(request, reply, page),
  );

  app.get<{ Params: { file: string } }>(
    '/dashboard/:file',
    // The page's own files, not API: kept out of the OpenAPI document.
    { config: { scope: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const a = assets.get(request.params.file);
      // The service's own 404, as for any unknown path: a name not loaded at start-up is not there.
      if (!a) return reply.callNotFound();
      return sendAsset(request, reply, a);
    },
  );

  app.get(
    '/',
    {
      config: { scope: 'public' },
      schema: {
        tags: ['dashboard'],
        summary: 'Redirects to /dashboard (keeping the filters; an old ?token= moves into the fragment)',
        response: { 302: { description: 'Found: Location /dashboard', type: 'null' } },
      },
    },
    async (request, reply) => {
      const q = request.url.indexOf('?');
      if (q === -1) return reply.redirect('/dashboard', 302);
      // An old link with ?token=: the token goes into the fragment, which the browser keeps to itself.
      const params = new URLSearchParams(request.url.slice(q + 1));
      const token = params.get('token');
      params.delete('token');
      const query = params.size ? `?${params.toString()}` : '';
      const fragment = token ? `#${new URLSearchParams({ token }).toString()}` : '';
      return reply.redirect(`/dashboard${query}${fragment}`, 302);
    },
  );
}
