// The service's logger: JSON lines to stdout that never block on a closed pipe, with tokens redacted at every level.
import sonicBoom from 'sonic-boom';
import type { SonicBoom, SonicBoomOpts } from 'sonic-boom';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** `?token=…` (and any other credential-looking parameter) in a logged URL becomes `?token=[REDACTED]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  return url.slice(0, q) + url.slice(q).replace(/([?&](?:token|access_token|api_key|apikey|key|password|secret)=)[^&#]*/gi, '$1[REDACTED]');
}

/** What a request is logged as: Fastify's own fields, with the URL redacted. Headers are never logged. */
function requestSerializer(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** Paths pino blanks wherever an object with headers is logged. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["sec-websocket-protocol"]',
  'headers.authorization',
  'headers["sec-websocket-protocol"]',
  'authorization',
];

/** Adds the redaction to any logger options (the service's own, or a test's). */
export function withRedaction(opts: LoggerOptions): LoggerOptions {
  if (typeof opts !== 'object' || opts === null || 'info' in opts) return opts; // a logger instance: its owner's business
  const o = opts as Record<string, unknown>;
  return {
    ...o,
    serializers: { ...(o.serializers as object), req: requestSerializer },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
  };
}

let stdout: SonicBoom | undefined;

/**
 * stdout as an asynchronous destination (a slow log reader never holds the event loop) that gives up on a
 * closed pipe: `node dist/server.js | head` must still shut down. pino's own destination retries EPIPE forever
 * in its exit-time flush, so this one is not registered for that flush; `flushLogs` drains it, bounded.
 */
function stdoutDestination(): SonicBoom {
  if (stdout) return stdout;
  // A CommonJS module: at run time its default export is the constructor its types call SonicBoom.
  const Boom = sonicBoom as unknown as new (opts: SonicBoomOpts) => SonicBoom;
  const dest = new Boom({ fd: 1, sync: false, maxLength: 16 * 1024 * 1024 });
  dest.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'EBADF') dest.write = () => true; // nobody is reading any more
  });
  stdout = dest;
  return dest;
}

/** Waits (at most `timeoutMs`) for buffered log lines to leave; never throws, never hangs. */
export async function flushLogs(timeoutMs = 1000): Promise<void> {
  const dest = stdout;
  if (!dest) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    try {
      dest.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

export function loggerOptions(config: Config): LoggerOptions {
  const base = { level: config.LOG_LEVEL };
  // Pretty output only for a person at a terminal; JSON lines everywhere else.
  if (process.stdout.isTTY && config.LOG_LEVEL !== 'silent') {
    return withRedaction({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  if (config.LOG_LEVEL === 'silent') return base;
  return withRedaction({ ...base, stream: stdoutDestination() });
}
